package org.vps.snapshots.application.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.Server;

/**
 * Locks the server a snapshot belongs to. Every change to a snapshot goes through here first, so
 * that changes to one server and its snapshots happen one after another and always lock in the same
 * order.
 */
@ApplicationScoped
public class ServerLocks {
  private final Servers servers;
  private final Snapshots snapshots;

  @Inject
  public ServerLocks(Servers servers, Snapshots snapshots) {
    this.servers = servers;
    this.snapshots = snapshots;
  }

  /** The locked server of a snapshot {@code owner} owns; anyone else's is not found. */
  public Server serverOfOwnedSnapshot(AccountId owner, SnapshotId snapshot) {
    return snapshots
        .ownerOf(snapshot)
        .filter(found -> found.accountId().equals(owner))
        .flatMap(found -> servers.lock(found.serverId()))
        .orElseThrow(() -> NotFoundException.snapshot(snapshot));
  }

  /** The locked server of a snapshot, whoever owns it; empty once the snapshot is gone. */
  public Optional<Server> serverOfSnapshot(SnapshotId snapshot) {
    return snapshots.ownerOf(snapshot).flatMap(found -> servers.lock(found.serverId()));
  }
}
