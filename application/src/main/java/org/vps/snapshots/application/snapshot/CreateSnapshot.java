package org.vps.snapshots.application.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Objects;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.SnapshotView;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.application.work.WorkPolicy;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotName;
import org.vps.snapshots.domain.snapshot.SnapshotQuota;

/** A customer starts a snapshot of one of their servers. */
@ApplicationScoped
public class CreateSnapshot {
  private final Servers servers;
  private final Snapshots snapshots;
  private final Operations operations;
  private final Outbox outbox;
  private final SnapshotQuota quota;
  private final WorkPolicy policy;
  private final Clock clock;

  @Inject
  public CreateSnapshot(
      Servers servers,
      Snapshots snapshots,
      Operations operations,
      Outbox outbox,
      SnapshotQuota quota,
      WorkPolicy policy,
      Clock clock) {
    this.servers = servers;
    this.snapshots = snapshots;
    this.operations = operations;
    this.outbox = outbox;
    this.quota = quota;
    this.policy = policy;
    this.clock = clock;
  }

  @Transactional
  public Started execute(Command command) {
    Server server =
        servers
            .lockOwned(command.owner(), command.serverId())
            .orElseThrow(() -> NotFoundException.server(command.serverId()));
    OperationId operationId = operations.nextId();
    Snapshot snapshot =
        server.takeSnapshot(
            snapshots.nextId(),
            operationId,
            command.name(),
            command.description(),
            command.labels(),
            snapshots.ofServer(server.id()),
            quota,
            clock);
    snapshots.add(snapshot);
    Operation operation =
        Operation.queue(
            operationId,
            OperationKind.SNAPSHOT,
            server.accountId(),
            server.id(),
            server.host().orElse(null),
            snapshot.id(),
            clock.instant(),
            policy.deadline());
    operations.add(operation);
    outbox.append(snapshot.pullEvents(), operationId, server.id());
    return new Started(new SnapshotView(snapshot, server.name()), operation);
  }

  /** The snapshot that started, and the operation that takes it. */
  public record Started(SnapshotView snapshot, Operation operation) {}

  /** Snapshot server {@code serverId} of account {@code owner} as {@code name}. */
  public record Command(
      AccountId owner,
      ServerId serverId,
      SnapshotName name,
      Description description,
      Labels labels) {
    public Command {
      Objects.requireNonNull(owner);
      Objects.requireNonNull(serverId);
      Objects.requireNonNull(name);
      description = description == null ? Description.NONE : description;
      labels = labels == null ? Labels.NONE : labels;
    }

    /** A snapshot without labels. */
    public Command(AccountId owner, ServerId serverId, SnapshotName name, Description description) {
      this(owner, serverId, name, description, Labels.NONE);
    }
  }
}
