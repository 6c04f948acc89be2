package org.vps.snapshots.domain.event;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

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
