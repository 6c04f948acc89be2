package org.vps.snapshots.application.fake;

import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.Snapshot;

/** Fakes keep copies, as a database would: a change not saved through the port is lost. */
final class Copies {
  private Copies() {}

  static Server of(Server s) {
    return Server.fromStorage(
        s.id(),
        s.accountId(),
        s.name(),
        s.status(),
        s.host().orElse(null),
        s.powerStateBeforeRestore().orElse(null),
        s.restoringFrom().orElse(null),
        s.restoreStartedAt().orElse(null));
  }

  static Operation of(Operation o) {
    return Operation.fromStorage(o.stored());
  }

  static Snapshot of(Snapshot s) {
    return Snapshot.fromStorage(
        s.id(),
        s.accountId(),
        s.serverId(),
        s.name(),
        s.description(),
        s.createdAt(),
        s.status(),
        s.sizeMb().isPresent() ? s.sizeMb().getAsLong() : null,
        s.consistency().orElse(null),
        s.progress(),
        s.failureReason().orElse(null),
        s.finishedAt().orElse(null));
  }
}
