package org.vps.snapshots.application.port;

import java.util.Objects;
import org.vps.snapshots.domain.AccountId;

/** Who is calling: the account a valid token belongs to, and what the token allows. */
public record Caller(AccountId accountId, TokenScope scope, long tokenId) {
  public Caller {
    Objects.requireNonNull(accountId);
    Objects.requireNonNull(scope);
  }

  public boolean mayWrite() {
    return scope == TokenScope.WRITE;
  }
}
