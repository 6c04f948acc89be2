package org.vps.snapshots.application.port;

import java.time.Instant;
import java.util.Objects;
import org.vps.snapshots.domain.AccountId;

/** The first answer given to a key, with the fingerprint of the request that got it. */
public record IdempotencyRecord(
    AccountId account,
    IdempotencyKey key,
    String requestFingerprint,
    StoredResponse response,
    Instant storedAt) {
  public IdempotencyRecord {
    Objects.requireNonNull(account);
    Objects.requireNonNull(key);
    Objects.requireNonNull(requestFingerprint);
    Objects.requireNonNull(response);
    Objects.requireNonNull(storedAt);
  }

  /** An answer as it went out: its status and its body. */
  public record StoredResponse(int status, String body) {}
}
