package org.vps.snapshots.persistence;

import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Description;
import org.vps.snapshots.domain.Operation;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.OperationKind;
import org.vps.snapshots.domain.OperationState;
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

  static Operation toOperation(OperationEntity row) {
    return Operation.fromStorage(
        new Operation.Stored(
            new OperationId(row.id),
            OperationKind.fromCode(row.kind)
                .orElseThrow(() -> new IllegalStateException("unknown operation kind in storage")),
            row.accountId == null ? null : new AccountId(row.accountId),
            new ServerId(row.serverId),
            new SnapshotId(row.snapshotId),
            row.createdAt,
            row.deadline,
            OperationState.fromCode(row.state)
                .orElseThrow(() -> new IllegalStateException("unknown operation state in storage")),
            row.attempt,
            row.progress,
            row.error,
            row.queuedAt,
            row.startedAt,
            row.finishedAt,
            row.leaseOwner,
            row.leaseExpiresAt,
            row.fence,
            row.stopRequest == null
                ? null
                : Operation.StopRequest.fromCode(row.stopRequest)
                    .orElseThrow(() -> new IllegalStateException("unknown stop request")),
            row.diskWritten));
  }

  static void copy(Operation operation, OperationEntity row) {
    Operation.Stored stored = operation.stored();
    row.id = stored.id().value();
    row.kind = stored.kind().code();
    row.accountId = stored.accountId() == null ? null : stored.accountId().value();
    row.serverId = stored.serverId().value();
    row.snapshotId = stored.snapshotId().value();
    row.createdAt = stored.createdAt();
    row.deadline = stored.deadline();
    row.state = stored.state().code();
    row.attempt = stored.attempt();
    row.progress = (short) stored.progress();
    row.error = stored.error();
    row.queuedAt = stored.queuedAt();
    row.startedAt = stored.startedAt();
    row.finishedAt = stored.finishedAt();
    row.leaseOwner = stored.leaseOwner();
    row.leaseExpiresAt = stored.leaseExpiresAt();
    row.fence = stored.fence();
    row.stopRequest = stored.stopRequest() == null ? null : stored.stopRequest().code();
    row.diskWritten = stored.diskWritten();
  }
}
