package org.vps.snapshots.application.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Objects;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.application.work.WorkPolicy;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerSnapshots;
import org.vps.snapshots.domain.snapshot.Snapshot;

/** A customer restores a server from one of its completed snapshots. */
@ApplicationScoped
public class RestoreSnapshot {
  private final ServerLocks locks;
  private final Servers servers;
  private final Snapshots snapshots;
  private final Operations operations;
  private final Outbox outbox;
  private final WorkPolicy policy;
  private final Clock clock;

  @Inject
  public RestoreSnapshot(
      ServerLocks locks,
      Servers servers,
      Snapshots snapshots,
      Operations operations,
      Outbox outbox,
      WorkPolicy policy,
      Clock clock) {
    this.locks = locks;
    this.servers = servers;
    this.snapshots = snapshots;
    this.operations = operations;
    this.outbox = outbox;
    this.policy = policy;
    this.clock = clock;
  }

  @Transactional
  public Started execute(Command command) {
    Server server = locks.serverOfOwnedSnapshot(command.owner(), command.snapshotId());
    ServerSnapshots existing = snapshots.ofServer(server.id());
    OperationId operationId = operations.nextId();
    server.startRestore(command.snapshotId(), operationId, existing, clock);
    servers.update(server);
    Operation operation =
        Operation.queue(
            operationId,
            OperationKind.RESTORE,
            server.accountId(),
            server.id(),
            server.host().orElse(null),
            command.snapshotId(),
            clock.instant(),
            policy.deadline());
    operations.add(operation);
    outbox.append(server.pullEvents(), operationId, server.id());
    return new Started(existing.find(command.snapshotId()).orElseThrow(), server, operation);
  }

  /** Restore the server of snapshot {@code snapshotId}, owned by {@code owner}, from it. */
  public record Command(AccountId owner, SnapshotId snapshotId) {
    public Command {
      Objects.requireNonNull(owner);
      Objects.requireNonNull(snapshotId);
    }
  }

  /** The restore that started: from which snapshot, the server now restoring, the operation. */
  public record Started(Snapshot snapshot, Server server, Operation operation) {}
}
