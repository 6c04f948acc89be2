package org.vps.snapshots.application.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Schedules;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.application.snapshot.Purges;
import org.vps.snapshots.application.work.WorkPolicy;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.schedule.RunOutcome;
import org.vps.snapshots.domain.schedule.Schedule;
import org.vps.snapshots.domain.schedule.ScheduleRun;
import org.vps.snapshots.domain.snapshot.RuleViolationException;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerSnapshots;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotName;
import org.vps.snapshots.domain.snapshot.SnapshotQuota;
import org.vps.snapshots.domain.snapshot.StateConflictException;

/**
 * Fires the earliest due schedule in a transaction of its own, under its server's lock: the oldest
 * snapshots it made are rotated away and the new one is started together, or nothing happens and
 * the run is skipped with its reason. A busy server makes the run wait and try again, within the
 * policy's window.
 */
@ApplicationScoped
public class FireSchedule {
  private final Schedules schedules;
  private final Servers servers;
  private final Snapshots snapshots;
  private final Operations operations;
  private final Outbox outbox;
  private final Purges purges;
  private final SnapshotQuota quota;
  private final WorkPolicy work;
  private final SchedulePolicy policy;
  private final Clock clock;

  @Inject
  public FireSchedule(
      Schedules schedules,
      Servers servers,
      Snapshots snapshots,
      Operations operations,
      Outbox outbox,
      Purges purges,
      SnapshotQuota quota,
      WorkPolicy work,
      SchedulePolicy policy,
      Clock clock) {
    this.schedules = schedules;
    this.servers = servers;
    this.snapshots = snapshots;
    this.operations = operations;
    this.outbox = outbox;
    this.purges = purges;
    this.quota = quota;
    this.work = work;
    this.policy = policy;
    this.clock = clock;
  }

  /** Fires the earliest due schedule; false when none is due (or every due one is held). */
  @Transactional
  public boolean fireNext() {
    Instant now = clock.instant();
    List<Schedule> due = schedules.claimDue(now, 1);
    if (due.isEmpty()) {
      return false;
    }
    fire(due.get(0), now);
    return true;
  }

  private void fire(Schedule schedule, Instant now) {
    Optional<Server> locked = servers.lock(schedule.serverId());
    if (locked.isEmpty()) {
      // The server was removed under it.
      schedules.remove(schedule.id());
      return;
    }
    Server server = locked.get();
    Instant tick = schedule.tick(now);
    try {
      SnapshotName name = schedule.snapshotName(tick);
      ServerSnapshots existing = snapshots.ofServer(server.id());
      List<Snapshot> rotate = schedule.toRotate(existing, quota);
      ServerSnapshots kept =
          new ServerSnapshots(existing.all().stream().filter(s -> !rotate.contains(s)).toList());
      server.requireReadyForSnapshot(name, kept, quota);
      List<SnapshotId> rotated = new ArrayList<>();
      for (Snapshot old : rotate) {
        server.rotateSnapshot(old, operations.nextId(), schedule.id(), clock);
        snapshots.remove(old.id());
        rotated.add(old.id());
      }
      purges.queueFor(server, server.pullEvents());
      SnapshotId started = start(schedule, server, name, kept);
      record(schedule, tick, now, RunOutcome.SUCCEEDED, started, rotated, null, null);
    } catch (RuleViolationException refused) {
      if (isPassing(refused)
          && schedule.retryLater(tick, now, policy.retryEvery(), policy.retryWindow())) {
        schedules.update(schedule);
        return;
      }
      record(
          schedule,
          tick,
          now,
          RunOutcome.SKIPPED,
          null,
          List.of(),
          refused.code(),
          refused.getMessage());
    }
    schedule.ran(now);
    schedules.update(schedule);
  }

  /** A refusal that time may lift: another operation runs, or the power state is wrong now. */
  private static boolean isPassing(RuleViolationException refused) {
    return refused instanceof StateConflictException
        || refused.code().equals("invalid_server_state");
  }

  private SnapshotId start(
      Schedule schedule, Server server, SnapshotName name, ServerSnapshots kept) {
    OperationId operation = operations.nextId();
    Snapshot snapshot =
        server.takeScheduledSnapshot(
            snapshots.nextId(),
            operation,
            name,
            schedule.labels(),
            schedule.id(),
            kept,
            quota,
            clock);
    snapshots.add(snapshot);
    operations.add(
        Operation.queue(
            operation,
            OperationKind.SNAPSHOT,
            server.accountId(),
            server.id(),
            server.host().orElse(null),
            snapshot.id(),
            clock.instant(),
            work.deadline()));
    outbox.append(snapshot.pullEvents(), operation, server.id());
    return snapshot.id();
  }

  private void record(
      Schedule schedule,
      Instant tick,
      Instant now,
      RunOutcome outcome,
      SnapshotId snapshot,
      List<SnapshotId> rotated,
      String reason,
      String detail) {
    ScheduleRun run =
        new ScheduleRun(
            schedules.nextRunId(),
            schedule.id(),
            schedule.accountId(),
            schedule.serverId(),
            tick,
            now,
            outcome,
            snapshot,
            rotated,
            reason,
            detail);
    schedules.addRun(run);
    outbox.appendNotice(run.event());
  }
}
