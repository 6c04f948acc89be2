package org.vps.snapshots.domain.event;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * A snapshot was deleted; its stored data is to be removed. {@code rotatedBy} is the schedule that
 * rotated it away, null when a customer or the operator deleted it.
 */
public record SnapshotDeleted(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    SnapshotId snapshotId,
    OperationId operationId,
    String name,
    String lastStatus,
    ScheduleId rotatedBy,
    String trigger)
    implements SnapshotEvent {

  public SnapshotDeleted {
    // Events written before the trigger was told were all made by hand.
    trigger = trigger == null ? "manual" : trigger;
  }

  @Override
  public EventType type() {
    return EventType.SNAPSHOT_DELETED;
  }
}
