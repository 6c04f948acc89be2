package org.vps.snapshots.domain;

import java.time.Instant;
import java.util.UUID;

/** A restore could not finish; the server returned to its power state before. */
public record RestoreFailed(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    SnapshotId snapshotId,
    OperationId operationId,
    String reason,
    String serverStatus)
    implements SnapshotEvent {

  @Override
  public EventType type() {
    return EventType.RESTORE_FAILED;
  }
}
