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
import org.vps.snapshots.domain.Description;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.Server;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.Snapshot;
import org.vps.snapshots.domain.SnapshotName;
import org.vps.snapshots.domain.SnapshotQuota;

/** A customer starts a snapshot of one of their servers. */
@ApplicationScoped
public class CreateSnapshot {
  private final Servers servers;
  private final Snapshots snapshots;
  private final Outbox outbox;
  private final SnapshotQuota quota;
  private final Clock clock;

  @Inject
  public CreateSnapshot(
      Servers servers, Snapshots snapshots, Outbox outbox, SnapshotQuota quota, Clock clock) {
    this.servers = servers;
    this.snapshots = snapshots;
    this.outbox = outbox;
    this.quota = quota;
    this.clock = clock;
  }

  @Transactional
  public SnapshotView execute(Command command) {
    Server server =
        servers
            .lockOwned(command.owner(), command.serverId())
            .orElseThrow(() -> NotFoundException.server(command.serverId()));
    Snapshot snapshot =
        server.takeSnapshot(
            snapshots.nextId(),
            command.name(),
            command.description(),
            snapshots.ofServer(server.id()),
            quota,
            clock);
    snapshots.add(snapshot);
    outbox.append(snapshot.pullEvents());
    return new SnapshotView(snapshot, server.name());
  }

  /** Snapshot server {@code serverId} of account {@code owner} as {@code name}. */
  public record Command(
      AccountId owner, ServerId serverId, SnapshotName name, Description description) {
    public Command {
      Objects.requireNonNull(owner);
      Objects.requireNonNull(serverId);
      Objects.requireNonNull(name);
      description = description == null ? Description.NONE : description;
    }
  }
}
