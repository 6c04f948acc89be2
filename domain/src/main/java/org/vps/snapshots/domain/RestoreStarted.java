package org.vps.snapshots.domain;

import java.time.Instant;
import java.util.UUID;

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
