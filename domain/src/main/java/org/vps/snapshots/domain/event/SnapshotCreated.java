package org.vps.snapshots.domain.event;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** A snapshot was accepted and its creation started. */
public record SnapshotCreated(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    SnapshotId snapshotId,
    OperationId operationId,
    String name,
    String description,
    String serverStatus)
    implements SnapshotEvent {

  @Override
  public EventType type() {
    return EventType.SNAPSHOT_CREATED;
  }
}
