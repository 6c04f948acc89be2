package org.vps.snapshots.domain.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.RandomIds;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.event.Notice;

/**
 * One firing of a schedule, for the tick {@code scheduledFor}: the snapshot it started and those it
 * rotated away, or the reason it was skipped ({@code reason} a refusal's code, {@code detail} its
 * message).
 */
public record ScheduleRun(
    long id,
    ScheduleId scheduleId,
    AccountId accountId,
    ServerId serverId,
    Instant scheduledFor,
    Instant ranAt,
    RunOutcome outcome,
    SnapshotId snapshotId,
    List<SnapshotId> rotated,
    String reason,
    String detail) {
  public ScheduleRun {
    Objects.requireNonNull(scheduleId);
    Objects.requireNonNull(outcome);
    rotated = List.copyOf(rotated);
  }

  public Optional<SnapshotId> snapshot() {
    return Optional.ofNullable(snapshotId);
  }

  public Optional<String> reasonCode() {
    return Optional.ofNullable(reason);
  }

  /** What subscribers are told of this run. */
  public Notice event() {
    UUID eventId = RandomIds.uuid();
    if (outcome == RunOutcome.SUCCEEDED) {
      return new ScheduleRunSucceeded(
          eventId,
          ranAt,
          accountId,
          serverId,
          scheduleId,
          id,
          scheduledFor,
          snapshotId,
          rotated.stream().map(SnapshotId::value).toList());
    }
    return new ScheduleRunSkipped(
        eventId, ranAt, accountId, serverId, scheduleId, id, scheduledFor, reason, detail);
  }
}
