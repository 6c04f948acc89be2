package org.vps.snapshots.domain.event;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** A snapshot was accepted and its creation started, with the labels it was given. */
public record SnapshotCreated(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    SnapshotId snapshotId,
    OperationId operationId,
    String name,
    String description,
    String serverStatus,
    Labels labels)
    implements SnapshotEvent {

  public SnapshotCreated {
    // Events written before labels existed have none.
    labels = labels == null ? Labels.NONE : labels;
  }

  @Override
  public EventType type() {
    return EventType.SNAPSHOT_CREATED;
  }
}
