package org.vps.snapshots.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.WorkMonitor;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * A worker restores a server from a snapshot on the backend and records the outcome; the server
 * returns to its power state before either way. A repeated delivery finds the restore ended.
 */
@ApplicationScoped
public class PerformRestore {
  private final PendingWork pending;
  private final Hypervisor hypervisor;
  private final CompleteRestore completeRestore;
  private final FailRestore failRestore;
  private final WorkPolicy policy;
  private final WorkMonitor monitor;

  @Inject
  public PerformRestore(
      PendingWork pending,
      Hypervisor hypervisor,
      CompleteRestore completeRestore,
      FailRestore failRestore,
      WorkPolicy policy,
      WorkMonitor monitor) {
    this.pending = pending;
    this.hypervisor = hypervisor;
    this.completeRestore = completeRestore;
    this.failRestore = failRestore;
    this.policy = policy;
    this.monitor = monitor;
  }

  /**
   * Throws {@link WorkFailedException} after recording the failure, so the work is dead-lettered.
   */
  public WorkOutcome execute(ServerId server, SnapshotId from) {
    if (!pending.isRestorePending(server, from)) {
      return WorkOutcome.ALREADY_FINISHED;
    }
    try {
      return Attempts.run(
          policy,
          monitor,
          "restore",
          "restore of server " + server.value(),
          () -> {
            hypervisor.restoreSnapshot(server, from, percent -> {});
            return completeRestore.execute(server, from);
          });
    } catch (RuntimeException e) {
      String reason = "The server could not be restored: " + e.getMessage();
      failRestore.execute(server, from, reason);
      throw new WorkFailedException(reason, e);
    }
  }
}
