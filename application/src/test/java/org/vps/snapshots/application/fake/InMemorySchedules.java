package org.vps.snapshots.application.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.Schedules;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.schedule.Schedule;
import org.vps.snapshots.domain.schedule.ScheduleRun;

/**
 * The schedules in memory. Schedules are handed out as copies, so a change reaches the store only
 * through an update, as with the database.
 */
public final class InMemorySchedules implements Schedules {
  private final Map<ScheduleId, Schedule> rows = new LinkedHashMap<>();
  private final List<ScheduleRun> runRows = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong runIds = new AtomicLong();

  @Override
  public synchronized ScheduleId nextId() {
    return new ScheduleId(ids.incrementAndGet());
  }

  @Override
  public synchronized void add(Schedule schedule) {
    rows.put(schedule.id(), copy(schedule));
  }

  @Override
  public synchronized void update(Schedule schedule) {
    if (rows.replace(schedule.id(), copy(schedule)) == null) {
      throw new IllegalStateException("no schedule " + schedule.id().value());
    }
  }

  @Override
  public synchronized boolean remove(ScheduleId id) {
    runRows.removeIf(r -> r.scheduleId().equals(id));
    return rows.remove(id) != null;
  }

  @Override
  public synchronized Optional<Schedule> findOwned(AccountId account, ScheduleId id) {
    return Optional.ofNullable(rows.get(id))
        .filter(s -> s.accountId().equals(account))
        .map(InMemorySchedules::copy);
  }

  @Override
  public synchronized Optional<Schedule> ofServer(ServerId server) {
    return rows.values().stream()
        .filter(s -> s.serverId().equals(server))
        .findFirst()
        .map(InMemorySchedules::copy);
  }

  @Override
  public synchronized Page<Schedule> list(
      AccountId account, Optional<ServerId> server, PageRequest page) {
    List<Schedule> matching =
        rows.values().stream()
            .filter(s -> s.accountId().equals(account))
            .filter(s -> server.map(s.serverId()::equals).orElse(true))
            .map(InMemorySchedules::copy)
            .toList();
    return slice(matching, page);
  }

  @Override
  public synchronized List<Schedule> claimDue(Instant now, int max) {
    return rows.values().stream()
        .filter(s -> s.isDue(now))
        .sorted(Comparator.comparing(Schedule::nextRunAt))
        .limit(max)
        .map(InMemorySchedules::copy)
        .toList();
  }

  @Override
  public synchronized long nextRunId() {
    return runIds.incrementAndGet();
  }

  @Override
  public synchronized void addRun(ScheduleRun run) {
    runRows.add(run);
  }

  @Override
  public synchronized Page<ScheduleRun> runs(ScheduleId schedule, PageRequest page) {
    List<ScheduleRun> matching =
        runRows.stream()
            .filter(r -> r.scheduleId().equals(schedule))
            .sorted(Comparator.comparingLong(ScheduleRun::id).reversed())
            .toList();
    return slice(matching, page);
  }

  private static <T> Page<T> slice(List<T> all, PageRequest page) {
    int from = (int) Math.min(all.size(), page.offset());
    int to = Math.min(all.size(), from + page.size());
    return new Page<>(all.subList(from, to), all.size());
  }

  private static Schedule copy(Schedule s) {
    return Schedule.fromStorage(
        s.id(),
        s.accountId(),
        s.serverId(),
        s.createdAt(),
        s.namePrefix(),
        s.recurrence(),
        s.keep(),
        s.enabled(),
        s.labels(),
        s.nextRunAt(),
        s.pendingTick().orElse(null));
  }
}
