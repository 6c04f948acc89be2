package org.vps.snapshots.domain;

import java.time.Instant;
import java.util.UUID;

/** A snapshot could not be created; it no longer counts towards the quota. */
public record SnapshotFailed(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    SnapshotId snapshotId,
    OperationId operationId,
    String name,
    String reason)
    implements SnapshotEvent {

  @Override
  public EventType type() {
    return EventType.SNAPSHOT_FAILED;
  }
}
