package org.vps.snapshots.application.port;

import java.time.Instant;
import java.util.Optional;
import org.vps.snapshots.domain.AccountId;

/** API tokens, known only by the hash of their secret. */
public interface ApiTokens {

  /** Stores a new token and answers its id. */
  long add(AccountId account, TokenHash hash, TokenScope scope, Instant issuedAt);

  /** The caller a token that is not revoked stands for. */
  Optional<Caller> findActive(TokenHash hash);

  /**
   * The caller of a token found active a moment ago, answered from memory without asking the store;
   * empty when nothing is remembered (a store without a memory remembers nothing).
   */
  default Optional<Caller> findRemembered(TokenHash hash) {
    return Optional.empty();
  }

  /** Revokes a token; false when there is no such token. */
  boolean revoke(long tokenId, Instant revokedAt);
}
