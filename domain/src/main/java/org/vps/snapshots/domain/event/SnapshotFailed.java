package org.vps.snapshots.domain.event;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** A snapshot could not be created; it no longer counts towards the quota. */
public record SnapshotFailed(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    SnapshotId snapshotId,
    OperationId operationId,
    String name,
    String reason,
    String trigger)
    implements SnapshotEvent {

  public SnapshotFailed {
    // Events written before the trigger was told were all made by hand.
    trigger = trigger == null ? "manual" : trigger;
  }

  @Override
  public EventType type() {
    return EventType.SNAPSHOT_FAILED;
  }
}
