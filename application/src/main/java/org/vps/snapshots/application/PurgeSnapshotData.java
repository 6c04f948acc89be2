package org.vps.snapshots.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.WorkMonitor;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** A worker removes a deleted snapshot's stored data from the backend. */
@ApplicationScoped
public class PurgeSnapshotData {
  private final Hypervisor hypervisor;
  private final WorkPolicy policy;
  private final WorkMonitor monitor;

  @Inject
  public PurgeSnapshotData(Hypervisor hypervisor, WorkPolicy policy, WorkMonitor monitor) {
    this.hypervisor = hypervisor;
    this.policy = policy;
    this.monitor = monitor;
  }

  /** Throws {@link WorkFailedException} once every attempt failed, so the work is dead-lettered. */
  public void execute(ServerId server, SnapshotId snapshot) {
    try {
      Attempts.run(
          policy,
          monitor,
          "purge",
          "purge of snapshot " + snapshot.value(),
          () -> {
            hypervisor.deleteSnapshot(server, snapshot);
            return null;
          });
    } catch (RuntimeException e) {
      throw new WorkFailedException(
          "The data of snapshot " + snapshot.value() + " could not be removed: " + e.getMessage(),
          e);
    }
  }
}
