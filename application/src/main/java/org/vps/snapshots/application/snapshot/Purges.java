package org.vps.snapshots.application.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.work.WorkPolicy;
import org.vps.snapshots.domain.event.SnapshotDeleted;
import org.vps.snapshots.domain.event.SnapshotEvent;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.snapshot.Server;

/**
 * Queues the purge operation of every deleted snapshot and appends the events, in the caller's
 * transaction: the deletion, its event and the work that removes the data are one change.
 */
@ApplicationScoped
public class Purges {
  private final Operations operations;
  private final Outbox outbox;
  private final WorkPolicy policy;
  private final Clock clock;

  @Inject
  public Purges(Operations operations, Outbox outbox, WorkPolicy policy, Clock clock) {
    this.operations = operations;
    this.outbox = outbox;
    this.policy = policy;
    this.clock = clock;
  }

  /** The events {@code server} recorded; its purges work on the server's host. */
  public void queueFor(Server server, List<SnapshotEvent> events) {
    outbox.append(events);
    for (SnapshotEvent event : events) {
      if (event instanceof SnapshotDeleted deleted) {
        operations.add(
            Operation.queue(
                deleted.operationId(),
                OperationKind.PURGE,
                deleted.accountId(),
                deleted.serverId(),
                server.host().orElse(null),
                deleted.snapshotId(),
                clock.instant(),
                policy.deadline()));
        outbox.appendWork(deleted.operationId(), deleted.serverId());
      }
    }
  }
}
