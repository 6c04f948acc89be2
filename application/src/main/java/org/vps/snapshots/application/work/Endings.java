package org.vps.snapshots.application.work;

import java.time.Clock;
import java.util.Optional;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.operation.OperationState;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.Snapshot;

/**
 * What an ended operation means for its snapshot or server, written in the same transaction as the
 * end, with its event; then the server's next queued operation is rung. The caller locked the
 * server before the operation. Whether the end may happen at all was the operation's to judge: a
 * snapshot or a server is only told the outcome (a cancelled operation's subject is gone).
 */
final class Endings {
  private final Operations operations;
  private final Servers servers;
  private final Snapshots snapshots;
  private final Outbox outbox;
  private final Clock clock;

  Endings(Operations operations, Servers servers, Snapshots snapshots, Outbox outbox, Clock clock) {
    this.operations = operations;
    this.servers = servers;
    this.snapshots = snapshots;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** What an operation that took no snapshot ends with. */
  static final Hypervisor.Taken NOTHING_TAKEN = Hypervisor.Taken.ofSize(0);

  /** Applies {@code operation}'s end; {@code taken} is the snapshot it took, if it took one. */
  void apply(Operation operation, Optional<Server> server, Hypervisor.Taken taken) {
    String reason = operation.error().orElse("");
    if (operation.kind() == OperationKind.SNAPSHOT) {
      snapshotOf(operation, server)
          .ifPresent(
              snapshot -> {
                if (operation.state() == OperationState.SUCCEEDED) {
                  snapshot.complete(operation.id(), taken.sizeMb(), taken.consistency(), clock);
                } else {
                  snapshot.fail(operation.id(), reason, clock);
                }
                snapshots.update(snapshot);
                outbox.append(snapshot.pullEvents());
              });
    } else if (operation.kind() == OperationKind.RESTORE && server.isPresent()) {
      Server restored = server.get();
      if (operation.state() == OperationState.SUCCEEDED) {
        restored.completeRestore(operation.id(), clock);
      } else if (operation.diskWritten()) {
        restored.abandonRestore(operation.id(), reason, clock);
      } else {
        restored.failRestore(operation.id(), reason, clock);
      }
      servers.update(restored);
      outbox.append(restored.pullEvents());
    }
    ringNext(operation);
  }

  /** The server's next queued operation can run now: its doorbell rings. */
  void ringNext(Operation operation) {
    operations
        .nextQueued(operation.serverId(), operation.id())
        .ifPresent(next -> outbox.appendWork(next, operation.serverId()));
  }

  private Optional<Snapshot> snapshotOf(Operation operation, Optional<Server> server) {
    return server.flatMap(s -> snapshots.ofServer(s.id()).find(operation.snapshotId()));
  }
}
