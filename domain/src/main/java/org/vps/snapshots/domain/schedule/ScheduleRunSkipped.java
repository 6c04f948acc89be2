package org.vps.snapshots.domain.schedule;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.event.Notice;

/** A schedule started nothing for its tick: {@code reason} is the refusal's code. */
public record ScheduleRunSkipped(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    ScheduleId scheduleId,
    long runId,
    Instant scheduledFor,
    String reason,
    String detail)
    implements Notice {

  @Override
  public EventType type() {
    return EventType.SCHEDULE_RUN_SKIPPED;
  }

  /** The server's id, as for the snapshot events. */
  @Override
  public String key() {
    return Long.toString(serverId.value());
  }

  @Override
  public String subject() {
    return "schedules/" + scheduleId.value();
  }
}
