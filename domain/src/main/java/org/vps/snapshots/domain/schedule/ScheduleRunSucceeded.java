package org.vps.snapshots.domain.schedule;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.event.Notice;

/** A schedule started snapshot {@code snapshotId} for its tick, after rotating those listed. */
public record ScheduleRunSucceeded(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    ScheduleId scheduleId,
    long runId,
    Instant scheduledFor,
    SnapshotId snapshotId,
    List<Long> rotatedSnapshotIds)
    implements Notice {
  public ScheduleRunSucceeded {
    rotatedSnapshotIds = rotatedSnapshotIds == null ? List.of() : List.copyOf(rotatedSnapshotIds);
  }

  @Override
  public EventType type() {
    return EventType.SCHEDULE_RUN_SUCCEEDED;
  }

  /** The server's id: a run's event keeps its order with the snapshot events it caused. */
  @Override
  public String key() {
    return Long.toString(serverId.value());
  }

  @Override
  public String subject() {
    return "schedules/" + scheduleId.value();
  }
}
