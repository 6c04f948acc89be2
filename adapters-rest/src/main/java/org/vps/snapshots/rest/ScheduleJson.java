package org.vps.snapshots.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.schedule.Schedule;
import org.vps.snapshots.domain.schedule.ScheduleRun;

/** Schedules and their runs as customers see them. */
final class ScheduleJson {
  private ScheduleJson() {}

  /** A schedule; {@code next_run_at} is null while it is disabled. */
  record Body(
      long id,
      @JsonProperty("server_id") long serverId,
      @JsonProperty("name_prefix") String namePrefix,
      String every,
      String at,
      String weekday,
      int keep,
      boolean enabled,
      Map<String, String> labels,
      @JsonProperty("next_run_at") String nextRunAt,
      @JsonProperty("created_at") String createdAt) {
    static Body of(Schedule schedule) {
      return new Body(
          schedule.id().value(),
          schedule.serverId().value(),
          schedule.namePrefix(),
          schedule.recurrence().every().code(),
          schedule.recurrence().atText(),
          schedule.recurrence().weekdayText().orElse(null),
          schedule.keep(),
          schedule.enabled(),
          schedule.labels().values(),
          schedule.enabled() ? Json.time(schedule.nextRunAt()) : null,
          Json.time(schedule.createdAt()));
    }
  }

  /** One run: the snapshot it started and those it rotated away, or why it was skipped. */
  record Run(
      long id,
      @JsonProperty("scheduled_for") String scheduledFor,
      @JsonProperty("ran_at") String ranAt,
      String outcome,
      @JsonProperty("snapshot_id") Long snapshotId,
      @JsonProperty("rotated_snapshot_ids") List<Long> rotatedSnapshotIds,
      String reason,
      String detail) {
    static Run of(ScheduleRun run) {
      return new Run(
          run.id(),
          Json.time(run.scheduledFor()),
          Json.time(run.ranAt()),
          run.outcome().code(),
          run.snapshot().map(SnapshotId::value).orElse(null),
          run.rotated().stream().map(SnapshotId::value).toList(),
          run.reason(),
          run.detail());
    }
  }
}
