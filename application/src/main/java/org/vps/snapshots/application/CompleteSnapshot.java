package org.vps.snapshots.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.domain.SnapshotId;

/** A worker reports that a snapshot's data is stored. */
@ApplicationScoped
public class CompleteSnapshot {
  private final SnapshotWork work;

  @Inject
  public CompleteSnapshot(ServerLocks locks, Snapshots snapshots, Outbox outbox, Clock clock) {
    this.work = new SnapshotWork(locks, snapshots, outbox, clock);
  }

  @Transactional
  public WorkOutcome execute(SnapshotId id, long sizeMb) {
    return work.finish(id, (snapshot, clock) -> snapshot.complete(sizeMb, clock));
  }
}
