package org.vps.snapshots.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.domain.SnapshotId;

/** A worker, or the deadline, reports that a snapshot could not be created. */
@ApplicationScoped
public class FailSnapshot {
  private final SnapshotWork work;

  @Inject
  public FailSnapshot(ServerLocks locks, Snapshots snapshots, Outbox outbox, Clock clock) {
    this.work = new SnapshotWork(locks, snapshots, outbox, clock);
  }

  @Transactional
  public WorkOutcome execute(SnapshotId id, String reason) {
    return work.finish(id, (snapshot, clock) -> snapshot.fail(reason, clock));
  }
}
