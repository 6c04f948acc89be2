package org.vps.snapshots.domain.event;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * A snapshot was accepted and its creation started, with the labels it was given; {@code trigger}
 * says whether a customer ({@code manual}) or a schedule ({@code schedule}, {@code scheduleId})
 * made it.
 */
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
    Labels labels,
    String trigger,
    ScheduleId scheduleId)
    implements SnapshotEvent {

  public SnapshotCreated {
    // Events written before labels existed have none.
    labels = labels == null ? Labels.NONE : labels;
    trigger = trigger == null ? "manual" : trigger;
  }

  @Override
  public EventType type() {
    return EventType.SNAPSHOT_CREATED;
  }
}
