package org.vps.snapshots.persistence;

import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Description;
import org.vps.snapshots.domain.Server;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.ServerName;
import org.vps.snapshots.domain.ServerStatus;
import org.vps.snapshots.domain.Snapshot;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.SnapshotName;
import org.vps.snapshots.domain.SnapshotStatus;

/** Copies between rows and aggregates, both ways; nothing else crosses the adapter's edge. */
final class DomainMapping {
  private DomainMapping() {}

  static Server toServer(ServerEntity row) {
    return Server.fromStorage(
        new ServerId(row.id),
        new AccountId(row.accountId),
        new ServerName(row.name),
        new ServerStatus(row.status),
        row.powerStateBeforeRestore == null ? null : new ServerStatus(row.powerStateBeforeRestore),
        row.restoringFrom == null ? null : new SnapshotId(row.restoringFrom),
        row.restoreStartedAt);
  }

  static void copy(Server server, ServerEntity row) {
    row.id = server.id().value();
    row.accountId = server.accountId().value();
    row.name = server.name().value();
    row.status = server.status().value();
    row.powerStateBeforeRestore =
        server.powerStateBeforeRestore().map(ServerStatus::value).orElse(null);
    row.restoringFrom = server.restoringFrom().map(SnapshotId::value).orElse(null);
    row.restoreStartedAt = server.restoreStartedAt().orElse(null);
  }

  static Snapshot toSnapshot(SnapshotEntity row) {
    return Snapshot.fromStorage(
        new SnapshotId(row.id),
        new AccountId(row.accountId),
        new ServerId(row.serverId),
        new SnapshotName(row.name),
        new Description(row.description),
        row.createdAt,
        SnapshotStatus.fromCode(row.status)
            .orElseThrow(() -> new IllegalStateException("unknown snapshot status in storage")),
        row.sizeMb,
        row.progress,
        row.failureReason,
        row.finishedAt);
  }

  static void copy(Snapshot snapshot, SnapshotEntity row) {
    row.id = snapshot.id().value();
    row.accountId = snapshot.accountId().value();
    row.serverId = snapshot.serverId().value();
    row.name = snapshot.name().value();
    row.description = snapshot.description().value();
    row.createdAt = snapshot.createdAt();
    row.status = snapshot.status().code();
    row.sizeMb = snapshot.sizeMb().isPresent() ? snapshot.sizeMb().getAsLong() : null;
    row.progress = (short) snapshot.progress();
    row.failureReason = snapshot.failureReason().orElse(null);
    row.finishedAt = snapshot.finishedAt().orElse(null);
  }
}
