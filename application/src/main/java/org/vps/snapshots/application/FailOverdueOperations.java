package org.vps.snapshots.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import org.vps.snapshots.domain.Server;
import org.vps.snapshots.domain.SnapshotId;

/**
 * Ends as failed every operation that outlived the deadline, so that nothing stays in progress
 * forever. Safe on several replicas at once: each ending takes the server's lock and checks again.
 */
@ApplicationScoped
public class FailOverdueOperations {
  static final int BATCH = 100;

  private final PendingWork pending;
  private final FailSnapshot failSnapshot;
  private final FailRestore failRestore;
  private final OperationDeadline deadline;
  private final Clock clock;

  @Inject
  public FailOverdueOperations(
      PendingWork pending,
      FailSnapshot failSnapshot,
      FailRestore failRestore,
      OperationDeadline deadline,
      Clock clock) {
    this.pending = pending;
    this.failSnapshot = failSnapshot;
    this.failRestore = failRestore;
    this.deadline = deadline;
    this.clock = clock;
  }

  /** Answers how many operations it ended. */
  public int execute() {
    Instant startedBefore = clock.instant().minus(deadline.value());
    String reason = "The operation did not finish within " + describe() + ".";
    int ended = 0;
    for (SnapshotId snapshot : pending.snapshotsStartedBefore(startedBefore, BATCH)) {
      if (failSnapshot.execute(snapshot, reason) == WorkOutcome.APPLIED) {
        ended++;
      }
    }
    for (Server server : pending.restoresStartedBefore(startedBefore, BATCH)) {
      SnapshotId from = server.restoringFrom().orElseThrow();
      if (failRestore.execute(server.id(), from, reason) == WorkOutcome.APPLIED) {
        ended++;
      }
    }
    return ended;
  }

  private String describe() {
    long seconds = deadline.value().toSeconds();
    return seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " seconds";
  }
}
