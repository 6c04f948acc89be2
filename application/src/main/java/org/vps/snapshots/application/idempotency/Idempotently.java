package org.vps.snapshots.application.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.vps.snapshots.application.port.IdempotencyKey;
import org.vps.snapshots.application.port.IdempotencyRecord;
import org.vps.snapshots.application.port.IdempotencyRecord.StoredResponse;
import org.vps.snapshots.application.port.IdempotencyRecords;
import org.vps.snapshots.domain.AccountId;

/**
 * Runs a command at most once per idempotency key within 24 hours: the command and the record of
 * its answer commit together, so a replay never starts anything new.
 */
@ApplicationScoped
public class Idempotently {
  public static final Duration RETENTION = Duration.ofHours(24);

  private final IdempotencyRecords records;
  private final Clock clock;

  @Inject
  public Idempotently(IdempotencyRecords records, Clock clock) {
    this.records = records;
    this.clock = clock;
  }

  @Transactional
  public Outcome run(
      AccountId account,
      IdempotencyKey key,
      String requestFingerprint,
      Supplier<StoredResponse> command) {
    if (!records.tryClaim(account, key)) {
      return new Outcome.InFlight();
    }
    Optional<IdempotencyRecord> first =
        records.find(account, key, clock.instant().minus(RETENTION));
    if (first.isPresent()) {
      return first.get().requestFingerprint().equals(requestFingerprint)
          ? new Outcome.Replayed(first.get().response())
          : new Outcome.KeyReused();
    }
    StoredResponse response = command.get();
    records.save(
        new IdempotencyRecord(account, key, requestFingerprint, response, clock.instant()));
    return new Outcome.Executed(response);
  }

  /** What became of an idempotent request. */
  public sealed interface Outcome {
    /** The command ran now and this is its answer. */
    record Executed(StoredResponse response) implements Outcome {}

    /** The key was used before with the same request: the first answer again. */
    record Replayed(StoredResponse response) implements Outcome {}

    /** The key was used before with a different request. */
    record KeyReused() implements Outcome {}

    /** Another request with the same key is being handled right now. */
    record InFlight() implements Outcome {}
  }
}
