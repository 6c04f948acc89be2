package org.vps.snapshots.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.domain.Server;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * What long-running work is still wanted: workers ask before they start and sweeps for the late.
 */
@ApplicationScoped
public class PendingWork {
  private final Servers servers;
  private final Snapshots snapshots;

  @Inject
  public PendingWork(Servers servers, Snapshots snapshots) {
    this.servers = servers;
    this.snapshots = snapshots;
  }

  @Transactional
  public boolean isSnapshotPending(SnapshotId id) {
    return snapshots
        .ownerOf(id)
        .flatMap(owner -> snapshots.ofServer(owner.serverId()).find(id))
        .filter(snapshot -> snapshot.isInProgress())
        .isPresent();
  }

  @Transactional
  public boolean isRestorePending(ServerId server, SnapshotId from) {
    return servers.lock(server).flatMap(Server::restoringFrom).filter(from::equals).isPresent();
  }

  /** Snapshots still in progress that were started before {@code startedBefore}. */
  @Transactional
  public List<SnapshotId> snapshotsStartedBefore(Instant startedBefore, int max) {
    return snapshots.inProgressSince(startedBefore, max);
  }

  /** Servers still restoring from a restore started before {@code startedBefore}. */
  @Transactional
  public List<Server> restoresStartedBefore(Instant startedBefore, int max) {
    return servers.restoringSince(startedBefore, max);
  }
}
