package org.vps.snapshots.application;

import java.time.Clock;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.domain.Server;
import org.vps.snapshots.domain.Snapshot;
import org.vps.snapshots.domain.SnapshotId;

/** Ends an in-progress snapshot once, however often the worker's report arrives. */
final class SnapshotWork {
  private final ServerLocks locks;
  private final Snapshots snapshots;
  private final Outbox outbox;
  private final Clock clock;

  SnapshotWork(ServerLocks locks, Snapshots snapshots, Outbox outbox, Clock clock) {
    this.locks = locks;
    this.snapshots = snapshots;
    this.outbox = outbox;
    this.clock = clock;
  }

  WorkOutcome finish(SnapshotId id, BiConsumer<Snapshot, Clock> ending) {
    Optional<Server> server = locks.serverOfSnapshot(id);
    Optional<Snapshot> snapshot =
        server.flatMap(locked -> snapshots.ofServer(locked.id()).find(id));
    if (snapshot.isEmpty()) {
      return WorkOutcome.GONE;
    }
    if (!snapshot.get().isInProgress()) {
      return WorkOutcome.ALREADY_FINISHED;
    }
    ending.accept(snapshot.get(), clock);
    snapshots.update(snapshot.get());
    outbox.append(snapshot.get().pullEvents());
    return WorkOutcome.APPLIED;
  }
}
