package org.vps.snapshots.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.schedule.ManageSchedules;
import org.vps.snapshots.application.snapshot.EditSnapshot;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.DomainException;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.event.SnapshotCreated;
import org.vps.snapshots.domain.event.SnapshotDeleted;
import org.vps.snapshots.domain.schedule.Recurrence;
import org.vps.snapshots.domain.schedule.RunOutcome;
import org.vps.snapshots.domain.schedule.Schedule;
import org.vps.snapshots.domain.schedule.ScheduleRun;
import org.vps.snapshots.domain.schedule.ScheduleRunSkipped;
import org.vps.snapshots.domain.schedule.ScheduleRunSucceeded;
import org.vps.snapshots.domain.snapshot.ServerStatus;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;
import org.vps.snapshots.domain.snapshot.Trigger;

/** Schedules over simulated days, on the fakes, with the clock the test moves. */
class SchedulesTest {
  // The clock starts at 2025-01-16T16:15:00Z; the schedule fires daily at 03:00 UTC.
  final UseCases app = new UseCases();
  final AccountId acme = app.account("acme");
  final ServerId web = app.server(acme, 12345, ServerStatus.RUNNING);

  Schedule daily(int keep) {
    return app.manageSchedules.create(
        new ManageSchedules.New(
            acme,
            web,
            "nightly",
            new Recurrence(Recurrence.Every.DAILY, LocalTime.of(3, 0), null),
            keep,
            true,
            new Labels(Map.of("made-by", "schedule"))));
  }

  /** Moves the clock to the next 03:00 and runs a pass of the schedules. */
  int nextNight() {
    Duration toThree =
        Duration.between(
            app.clock.instant(),
            new Recurrence(Recurrence.Every.DAILY, LocalTime.of(3, 0), null)
                .nextAfter(app.clock.instant()));
    app.clock.advance(toThree);
    return app.fireSchedules.execute();
  }

  List<Snapshot> onServer() {
    return app.store.snapshots.ofServer(web).all();
  }

  List<String> scheduledNames() {
    return onServer().stream()
        .filter(s -> s.trigger() == Trigger.SCHEDULE)
        .map(s -> s.name().value())
        .sorted()
        .toList();
  }

  List<ScheduleRun> runs(Schedule schedule) {
    return app.manageSchedules.runs(acme, schedule.id(), new PageRequest(1, 100)).items();
  }

  void completeScheduled() {
    onServer().stream()
        .filter(Snapshot::isInProgress)
        .forEach(s -> app.completeSnapshot(s.id(), 512));
  }

  @Test
  void keepingThreeOverTenNightsLeavesTheThreeNewestAndNeverTouchesManualOrProtectedOnes() {
    SnapshotId manual = app.completed(acme, web, "by-hand");
    Schedule schedule = daily(3);

    for (int night = 1; night <= 10; night++) {
      assertThat(nextNight()).isEqualTo(1);
      assertThat(onServer().stream().filter(Snapshot::countsTowardsQuota).count())
          .isLessThanOrEqualTo(5);
      completeScheduled();
      if (night == 2) {
        // The customer keeps the second night's snapshot for good.
        SnapshotId second =
            onServer().stream()
                .filter(s -> s.name().value().equals("nightly-20250118-0300"))
                .findFirst()
                .orElseThrow()
                .id();
        app.editSnapshot.execute(
            new EditSnapshot.Command(acme, second, SnapshotLifecycleTest.protect(true)));
      }
    }

    assertThat(scheduledNames())
        .containsExactly(
            "nightly-20250118-0300",
            "nightly-20250124-0300",
            "nightly-20250125-0300",
            "nightly-20250126-0300");
    assertThat(app.store.storedSnapshot(manual)).isPresent();
    assertThat(app.store.notices())
        .hasSize(10)
        .allMatch(n -> n instanceof ScheduleRunSucceeded)
        .last()
        .satisfies(n -> assertThat(((ScheduleRunSucceeded) n).rotatedSnapshotIds()).hasSize(1));
    assertThat(runs(schedule)).hasSize(10).allMatch(r -> r.outcome() == RunOutcome.SUCCEEDED);
    ScheduleRun last = runs(schedule).get(0);
    assertThat(last.rotated()).hasSize(1);
    assertThat(last.scheduledFor()).isEqualTo(java.time.Instant.parse("2025-01-26T03:00:00Z"));
    assertThat(app.store.publishedEvents())
        .filteredOn(e -> e instanceof SnapshotDeleted d && d.rotatedBy() != null)
        .hasSize(6);
    assertThat(app.store.publishedEvents())
        .filteredOn(e -> e instanceof SnapshotCreated c && c.trigger().equals("schedule"))
        .hasSize(10)
        .allSatisfy(
            e ->
                assertThat(((SnapshotCreated) e).labels())
                    .isEqualTo(new Labels(Map.of("made-by", "schedule"))));
  }

  @Test
  void aServerFullOfManualSnapshotsSkipsTheRunWithItsReason() {
    for (int i = 1; i <= 5; i++) {
      app.completed(acme, web, "manual-" + i);
    }
    Schedule schedule = daily(2);

    nextNight();

    assertThat(scheduledNames()).isEmpty();
    assertThat(runs(schedule))
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.outcome()).isEqualTo(RunOutcome.SKIPPED);
              assertThat(run.reasonCode()).contains("snapshot_limit_reached");
              assertThat(run.snapshot()).isEmpty();
            });
    assertThat(app.store.notices())
        .singleElement()
        .isInstanceOfSatisfying(
            ScheduleRunSkipped.class,
            n -> {
              assertThat(n.reason()).isEqualTo("snapshot_limit_reached");
              assertThat(n.key()).isEqualTo("12345");
            });
  }

  @Test
  void aBusyServerIsTriedAgainWithinTheWindowThenTheRunIsSkipped() {
    Schedule schedule = daily(3);
    nextNight();
    completeScheduled();
    // A customer's snapshot is in progress at the next tick, and stays so for over an hour.
    app.clock.advance(Duration.ofHours(23).plusMinutes(59));
    app.create(acme, web, "long-running");
    app.clock.advance(Duration.ofMinutes(1));

    assertThat(app.fireSchedules.execute()).isEqualTo(1);
    assertThat(runs(schedule)).hasSize(1);
    app.clock.advance(Duration.ofSeconds(30));
    assertThat(app.fireSchedules.execute()).as("not due again yet").isZero();
    for (int minute = 1; minute <= 60; minute++) {
      app.clock.advance(Duration.ofMinutes(1));
      app.fireSchedules.execute();
    }

    assertThat(runs(schedule)).hasSize(2);
    assertThat(runs(schedule).get(0))
        .satisfies(
            run -> {
              assertThat(run.outcome()).isEqualTo(RunOutcome.SKIPPED);
              assertThat(run.reasonCode()).contains("operation_in_progress");
              assertThat(run.scheduledFor())
                  .isEqualTo(java.time.Instant.parse("2025-01-18T03:00:00Z"));
            });
    assertThat(scheduledNames()).containsExactly("nightly-20250117-0300");
  }

  @Test
  void aBusyServerThatFreesUpWithinTheWindowGetsItsSnapshotNamedAfterTheTick() {
    Schedule schedule = daily(3);
    app.clock.advance(Duration.ofHours(10).plusMinutes(44));
    SnapshotId blocking = app.create(acme, web, "blocking").snapshot().id();
    app.clock.advance(Duration.ofMinutes(1));
    app.fireSchedules.execute();
    app.completeSnapshot(blocking, 100);
    app.clock.advance(Duration.ofMinutes(5));

    app.fireSchedules.execute();

    assertThat(scheduledNames()).containsExactly("nightly-20250117-0300");
    assertThat(runs(schedule))
        .singleElement()
        .extracting(ScheduleRun::outcome)
        .isEqualTo(RunOutcome.SUCCEEDED);
  }

  @Test
  void afterThreeDaysDownASchedulesFiresOnceForTheLatestTick() {
    Schedule schedule = daily(3);
    app.clock.advance(Duration.ofDays(3));

    assertThat(app.fireSchedules.execute()).isEqualTo(1);
    assertThat(app.fireSchedules.execute()).isZero();

    assertThat(scheduledNames()).containsExactly("nightly-20250119-0300");
    assertThat(app.schedules.findOwned(acme, schedule.id()).orElseThrow().nextRunAt())
        .isEqualTo(java.time.Instant.parse("2025-01-20T03:00:00Z"));
  }

  @Test
  void oneSchedulePerServerAndNoneOfAnotherAccount() {
    daily(3);
    assertThatThrownBy(() -> daily(2))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo("schedule_exists"));
    AccountId other = app.account("other");
    assertThatThrownBy(
            () ->
                app.manageSchedules.create(
                    new ManageSchedules.New(
                        other,
                        web,
                        "x",
                        new Recurrence(Recurrence.Every.DAILY, LocalTime.NOON, null),
                        1,
                        true,
                        Labels.NONE)))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
  }

  @Test
  void aDisabledScheduleDoesNotFireAndEnablingItPlansFromNow() {
    Schedule schedule = daily(3);
    app.manageSchedules.change(
        acme,
        schedule.id(),
        new Schedule.Change(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(false),
            Optional.empty()));
    app.clock.advance(Duration.ofDays(2));
    assertThat(app.fireSchedules.execute()).isZero();

    Schedule enabled =
        app.manageSchedules.change(
            acme,
            schedule.id(),
            new Schedule.Change(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(true),
                Optional.empty()));

    assertThat(enabled.nextRunAt()).isAfter(app.clock.instant());
    assertThat(app.fireSchedules.execute()).isZero();
    assertThat(onServer()).isEmpty();
    assertThat(onServer().stream().map(Snapshot::status)).doesNotContain(SnapshotStatus.FAILED);
  }
}
