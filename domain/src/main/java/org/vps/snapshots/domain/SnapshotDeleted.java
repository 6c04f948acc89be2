package org.vps.snapshots.domain;

import java.time.Instant;
import java.util.UUID;

/** A snapshot was deleted; its stored data is to be removed. */
public record SnapshotDeleted(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    SnapshotId snapshotId,
    OperationId operationId,
    String name,
    String lastStatus)
    implements SnapshotEvent {

  @Override
  public EventType type() {
    return EventType.SNAPSHOT_DELETED;
  }
}
