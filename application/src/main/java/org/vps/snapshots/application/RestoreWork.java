package org.vps.snapshots.application;

import java.time.Clock;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.domain.Server;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** Ends a server's restore from one snapshot once, however often the worker's report arrives. */
final class RestoreWork {
  private final Servers servers;
  private final Outbox outbox;
  private final Clock clock;

  RestoreWork(Servers servers, Outbox outbox, Clock clock) {
    this.servers = servers;
    this.outbox = outbox;
    this.clock = clock;
  }

  WorkOutcome finish(ServerId serverId, SnapshotId from, BiConsumer<Server, Clock> ending) {
    Optional<Server> server = servers.lock(serverId);
    if (server.isEmpty()) {
      return WorkOutcome.GONE;
    }
    if (!server.get().restoringFrom().equals(Optional.of(from))) {
      return WorkOutcome.ALREADY_FINISHED;
    }
    ending.accept(server.get(), clock);
    servers.update(server.get());
    outbox.append(server.get().pullEvents());
    return WorkOutcome.APPLIED;
  }
}
