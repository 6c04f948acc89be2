package org.vps.snapshots.domain.event;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** A server began to be restored from a snapshot; it will be stopped first. */
public record RestoreStarted(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    SnapshotId snapshotId,
    OperationId operationId,
    String snapshotName,
    String powerStateBefore)
    implements SnapshotEvent {

  @Override
  public EventType type() {
    return EventType.RESTORE_STARTED;
  }
}
