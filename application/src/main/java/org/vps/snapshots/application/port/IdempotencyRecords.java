package org.vps.snapshots.application.port;

import java.time.Instant;
import java.util.Optional;
import org.vps.snapshots.domain.AccountId;

/** The first answer given to each idempotency key, kept for replays. */
public interface IdempotencyRecords {

  /**
   * Claims the key for the current transaction without waiting; false when another request holds it
   * right now.
   */
  boolean tryClaim(AccountId account, IdempotencyKey key);

  /** The record for the key, if it was stored at or after {@code notBefore}. */
  Optional<IdempotencyRecord> find(AccountId account, IdempotencyKey key, Instant notBefore);

  /** Stores the record, replacing an expired one for the same key. */
  void save(IdempotencyRecord record);

  /** Deletes the records stored before {@code storedBefore}; answers how many. */
  int removeStoredBefore(java.time.Instant storedBefore);
}
