package org.vps.snapshots.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.schedule.Recurrence;
import org.vps.snapshots.domain.schedule.RunOutcome;
import org.vps.snapshots.domain.schedule.Schedule;
import org.vps.snapshots.domain.schedule.ScheduleRun;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerStatus;

/** The contract of the {@code Schedules} port. */
public abstract class SchedulesContract extends PortContract {
  static final Instant T0 = Instant.parse("2025-01-16T16:15:00Z");
  static final Clock AT_T0 = Clock.fixed(T0, ZoneOffset.UTC);

  Schedule newSchedule(Server server, Recurrence recurrence, boolean enabled) {
    Schedule schedule =
        Schedule.register(
            inTransaction(() -> ports().schedules().nextId()),
            server.accountId(),
            server.id(),
            "nightly",
            recurrence,
            3,
            enabled,
            new Labels(Map.of("env", "prod")),
            AT_T0);
    inTransaction(() -> ports().schedules().add(schedule));
    return schedule;
  }

  static Recurrence daily(int hour) {
    return new Recurrence(Recurrence.Every.DAILY, LocalTime.of(hour, 0), null);
  }

  @Test
  void aScheduleIsReadBackAsStoredByItsOwnerOnly() {
    AccountId account = newAccount();
    Server server = newServer(account, ServerStatus.RUNNING);
    Schedule stored =
        newSchedule(
            server,
            new Recurrence(Recurrence.Every.WEEKLY, LocalTime.of(23, 45), DayOfWeek.SUNDAY),
            true);

    Schedule read =
        inTransaction(() -> ports().schedules().findOwned(account, stored.id())).orElseThrow();

    assertThat(read.recurrence()).isEqualTo(stored.recurrence());
    assertThat(read.nextRunAt()).isEqualTo(Instant.parse("2025-01-19T23:45:00Z"));
    assertThat(read.labels()).isEqualTo(stored.labels());
    assertThat(read.keep()).isEqualTo(3);
    assertThat(read.pendingTick()).isEmpty();
    assertThat(inTransaction(() -> ports().schedules().ofServer(server.id())))
        .hasValueSatisfying(s -> assertThat(s.id()).isEqualTo(stored.id()));
    assertThat(inTransaction(() -> ports().schedules().findOwned(newAccount(), stored.id())))
        .isEmpty();
    assertThat(
            inTransaction(
                    () ->
                        ports().schedules().list(account, Optional.empty(), new PageRequest(1, 10)))
                .total())
        .isEqualTo(1);
  }

  @Test
  void onlyEnabledSchedulesThatAreDueAreClaimedEarliestFirst() {
    AccountId account = newAccount();
    Schedule late = newSchedule(newServer(account, ServerStatus.RUNNING), daily(20), true);
    Schedule early = newSchedule(newServer(account, ServerStatus.RUNNING), daily(18), true);
    Schedule off = newSchedule(newServer(account, ServerStatus.RUNNING), daily(17), false);
    Schedule tomorrow = newSchedule(newServer(account, ServerStatus.RUNNING), daily(3), true);
    Instant evening = Instant.parse("2025-01-16T21:00:00Z");

    List<Schedule> due = inTransaction(() -> ports().schedules().claimDue(evening, 100));

    assertThat(due)
        .extracting(Schedule::id)
        .containsSubsequence(early.id(), late.id())
        .doesNotContain(off.id(), tomorrow.id());
  }

  @Test
  void aChangedScheduleIsStoredAndItsRunsAreListedNewestFirst() {
    AccountId account = newAccount();
    Schedule schedule = newSchedule(newServer(account, ServerStatus.RUNNING), daily(3), true);
    Instant tick = Instant.parse("2025-01-17T03:00:00Z");
    schedule.retryLater(
        tick, tick.plusSeconds(1), java.time.Duration.ofMinutes(1), java.time.Duration.ofHours(1));
    inTransaction(() -> ports().schedules().update(schedule));
    for (int i = 0; i < 2; i++) {
      int n = i;
      inTransaction(
          () ->
              ports()
                  .schedules()
                  .addRun(
                      new ScheduleRun(
                          ports().schedules().nextRunId(),
                          schedule.id(),
                          schedule.accountId(),
                          schedule.serverId(),
                          tick,
                          tick.plusSeconds(n),
                          n == 0 ? RunOutcome.SKIPPED : RunOutcome.SUCCEEDED,
                          n == 0 ? null : new SnapshotId(77),
                          n == 0 ? List.of() : List.of(new SnapshotId(5), new SnapshotId(6)),
                          n == 0 ? "operation_in_progress" : null,
                          n == 0 ? "busy" : null)));
    }

    assertThat(
            inTransaction(() -> ports().schedules().findOwned(account, schedule.id()))
                .orElseThrow()
                .pendingTick())
        .contains(tick);
    List<ScheduleRun> runs =
        inTransaction(() -> ports().schedules().runs(schedule.id(), new PageRequest(1, 10)))
            .items();
    assertThat(runs)
        .extracting(ScheduleRun::outcome)
        .containsExactly(RunOutcome.SUCCEEDED, RunOutcome.SKIPPED);
    assertThat(runs.get(0).rotated()).containsExactly(new SnapshotId(5), new SnapshotId(6));
    assertThat(runs.get(0).snapshot()).contains(new SnapshotId(77));
    assertThat(runs.get(1).reasonCode()).contains("operation_in_progress");
    assertThat(runs.get(1).serverId()).isEqualTo(schedule.serverId());

    assertThat(inTransaction(() -> ports().schedules().remove(schedule.id()))).isTrue();
    assertThat(
            inTransaction(() -> ports().schedules().runs(schedule.id(), new PageRequest(1, 10)))
                .total())
        .isZero();
  }
}
