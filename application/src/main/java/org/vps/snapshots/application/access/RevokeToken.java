package org.vps.snapshots.application.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.domain.NotFoundException;

/** The platform revokes a token: it authenticates no one from then on. */
@ApplicationScoped
public class RevokeToken {
  private final ApiTokens tokens;
  private final Clock clock;

  @Inject
  public RevokeToken(ApiTokens tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  @Transactional
  public void execute(long tokenId) {
    if (!tokens.revoke(tokenId, clock.instant())) {
      throw NotFoundException.token(tokenId);
    }
  }
}
