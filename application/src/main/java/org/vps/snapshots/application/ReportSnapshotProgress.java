package org.vps.snapshots.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.domain.Server;
import org.vps.snapshots.domain.Snapshot;
import org.vps.snapshots.domain.SnapshotId;

/** A worker tells how far a snapshot has got. */
@ApplicationScoped
public class ReportSnapshotProgress {
  private final ServerLocks locks;
  private final Snapshots snapshots;

  @Inject
  public ReportSnapshotProgress(ServerLocks locks, Snapshots snapshots) {
    this.locks = locks;
    this.snapshots = snapshots;
  }

  @Transactional
  public WorkOutcome execute(SnapshotId id, int percent) {
    Optional<Server> server = locks.serverOfSnapshot(id);
    Optional<Snapshot> snapshot = server.flatMap(s -> snapshots.ofServer(s.id()).find(id));
    if (snapshot.isEmpty()) {
      return WorkOutcome.GONE;
    }
    if (!snapshot.get().isInProgress()) {
      return WorkOutcome.ALREADY_FINISHED;
    }
    snapshot.get().reportProgress(percent);
    snapshots.update(snapshot.get());
    return WorkOutcome.APPLIED;
  }
}
