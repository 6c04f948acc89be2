package org.vps.snapshots.domain.event;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * A snapshot's data is stored; it can now be restored. {@code consistency} is the code of what a
 * restore brings back ({@link org.vps.snapshots.domain.snapshot.Consistency}), null where the
 * backend cannot tell.
 */
public record SnapshotCompleted(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    SnapshotId snapshotId,
    OperationId operationId,
    String name,
    long sizeMb,
    String consistency,
    String trigger)
    implements SnapshotEvent {

  public SnapshotCompleted {
    // Events written before the trigger was told were all made by hand.
    trigger = trigger == null ? "manual" : trigger;
  }

  @Override
  public EventType type() {
    return EventType.SNAPSHOT_COMPLETED;
  }
}
