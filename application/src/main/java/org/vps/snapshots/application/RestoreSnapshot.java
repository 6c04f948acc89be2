package org.vps.snapshots.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Objects;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Server;
import org.vps.snapshots.domain.ServerSnapshots;
import org.vps.snapshots.domain.Snapshot;
import org.vps.snapshots.domain.SnapshotId;

/** A customer restores a server from one of its completed snapshots. */
@ApplicationScoped
public class RestoreSnapshot {
  private final ServerLocks locks;
  private final Servers servers;
  private final Snapshots snapshots;
  private final Outbox outbox;
  private final Clock clock;

  @Inject
  public RestoreSnapshot(
      ServerLocks locks, Servers servers, Snapshots snapshots, Outbox outbox, Clock clock) {
    this.locks = locks;
    this.servers = servers;
    this.snapshots = snapshots;
    this.outbox = outbox;
    this.clock = clock;
  }

  @Transactional
  public Started execute(Command command) {
    Server server = locks.serverOfOwnedSnapshot(command.owner(), command.snapshotId());
    ServerSnapshots existing = snapshots.ofServer(server.id());
    server.startRestore(command.snapshotId(), existing, clock);
    servers.update(server);
    outbox.append(server.pullEvents());
    return new Started(existing.find(command.snapshotId()).orElseThrow(), server);
  }

  /** Restore the server of snapshot {@code snapshotId}, owned by {@code owner}, from it. */
  public record Command(AccountId owner, SnapshotId snapshotId) {
    public Command {
      Objects.requireNonNull(owner);
      Objects.requireNonNull(snapshotId);
    }
  }

  /** The restore that started: from which snapshot, and the server now restoring. */
  public record Started(Snapshot snapshot, Server server) {}
}
