package org.vps.snapshots.domain;

import java.time.Instant;
import java.util.UUID;

/** A server was restored and returned to the power state it had before. */
public record RestoreCompleted(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    SnapshotId snapshotId,
    OperationId operationId,
    String serverStatus)
    implements SnapshotEvent {

  @Override
  public EventType type() {
    return EventType.RESTORE_COMPLETED;
  }
}
