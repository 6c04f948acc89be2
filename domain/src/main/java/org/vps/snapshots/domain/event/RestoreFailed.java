package org.vps.snapshots.domain.event;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

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
