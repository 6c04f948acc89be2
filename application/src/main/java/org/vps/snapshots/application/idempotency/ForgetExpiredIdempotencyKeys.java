package org.vps.snapshots.application.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.vps.snapshots.application.port.IdempotencyRecords;

/** Deletes the answers kept for idempotency keys once their 24 hours are over. */
@ApplicationScoped
public class ForgetExpiredIdempotencyKeys {
  private final IdempotencyRecords records;
  private final Clock clock;

  @Inject
  public ForgetExpiredIdempotencyKeys(IdempotencyRecords records, Clock clock) {
    this.records = records;
    this.clock = clock;
  }

  /** Answers how many records it deleted. */
  @Transactional
  public int execute() {
    return records.removeStoredBefore(clock.instant().minus(Idempotently.RETENTION));
  }
}
