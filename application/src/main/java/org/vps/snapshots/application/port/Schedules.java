package org.vps.snapshots.application.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.schedule.Schedule;
import org.vps.snapshots.domain.schedule.ScheduleRun;

/** The accounts' snapshot schedules, and the history of their runs. */
public interface Schedules {
  ScheduleId nextId();

  void add(Schedule schedule);

  void update(Schedule schedule);

  /** Removes schedule {@code id} with its runs; false if there is none. */
  boolean remove(ScheduleId id);

  /** Schedule {@code id} if {@code account} owns it. */
  Optional<Schedule> findOwned(AccountId account, ScheduleId id);

  /** The schedule of server {@code server}, if it has one. */
  Optional<Schedule> ofServer(ServerId server);

  /** The account's schedules (of one server where given), oldest first. */
  Page<Schedule> list(AccountId account, Optional<ServerId> server, PageRequest page);

  /**
   * Up to {@code max} enabled schedules due at {@code now}, earliest first, each locked until this
   * transaction ends; schedules another transaction holds are passed over, so that replicas firing
   * at once never fire one twice.
   */
  List<Schedule> claimDue(Instant now, int max);

  long nextRunId();

  void addRun(ScheduleRun run);

  /** The schedule's runs, newest first. */
  Page<ScheduleRun> runs(ScheduleId schedule, PageRequest page);
}
