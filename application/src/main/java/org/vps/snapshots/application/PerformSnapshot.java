package org.vps.snapshots.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.WorkMonitor;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * A worker takes a created snapshot on the backend and records the outcome: completed with its
 * size, or failed with the reason once every attempt failed. Each step is a transaction of its own;
 * a repeated delivery finds the snapshot ended and does nothing.
 */
@ApplicationScoped
public class PerformSnapshot {
  private final PendingWork pending;
  private final Hypervisor hypervisor;
  private final ReportSnapshotProgress reportProgress;
  private final CompleteSnapshot completeSnapshot;
  private final FailSnapshot failSnapshot;
  private final WorkPolicy policy;
  private final WorkMonitor monitor;

  @Inject
  public PerformSnapshot(
      PendingWork pending,
      Hypervisor hypervisor,
      ReportSnapshotProgress reportProgress,
      CompleteSnapshot completeSnapshot,
      FailSnapshot failSnapshot,
      WorkPolicy policy,
      WorkMonitor monitor) {
    this.pending = pending;
    this.hypervisor = hypervisor;
    this.reportProgress = reportProgress;
    this.completeSnapshot = completeSnapshot;
    this.failSnapshot = failSnapshot;
    this.policy = policy;
    this.monitor = monitor;
  }

  /**
   * Throws {@link WorkFailedException} after recording the failure, so the work is dead-lettered.
   */
  public WorkOutcome execute(ServerId server, SnapshotId snapshot) {
    if (!pending.isSnapshotPending(snapshot)) {
      return WorkOutcome.ALREADY_FINISHED;
    }
    try {
      return Attempts.run(
          policy,
          monitor,
          "snapshot",
          "snapshot " + snapshot.value(),
          () -> {
            long sizeMb =
                hypervisor.takeSnapshot(
                    server, snapshot, percent -> reportProgress.execute(snapshot, percent));
            return completeSnapshot.execute(snapshot, sizeMb);
          });
    } catch (RuntimeException e) {
      String reason = "The snapshot could not be taken: " + e.getMessage();
      failSnapshot.execute(snapshot, reason);
      throw new WorkFailedException(reason, e);
    }
  }
}
