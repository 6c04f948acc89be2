package org.vps.snapshots.domain;

import java.time.Instant;
import java.util.UUID;

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
