package org.vps.snapshots.application.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.Schedules;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.schedule.Recurrence;
import org.vps.snapshots.domain.schedule.Schedule;
import org.vps.snapshots.domain.schedule.ScheduleRun;
import org.vps.snapshots.domain.snapshot.RuleViolationException;
import org.vps.snapshots.domain.snapshot.Server;

/** A customer adds, reads, changes and removes the snapshot schedules of their servers. */
@ApplicationScoped
public class ManageSchedules {
  private final Servers servers;
  private final Schedules schedules;
  private final Clock clock;

  @Inject
  public ManageSchedules(Servers servers, Schedules schedules, Clock clock) {
    this.servers = servers;
    this.schedules = schedules;
    this.clock = clock;
  }

  /** A new schedule; at most one per server, checked under the server's lock. */
  @Transactional
  public Schedule create(New request) {
    Server server =
        servers
            .lockOwned(request.owner(), request.serverId())
            .orElseThrow(() -> NotFoundException.server(request.serverId()));
    schedules
        .ofServer(server.id())
        .ifPresent(
            existing -> {
              throw new RuleViolationException(
                  "schedule_exists",
                  "Server "
                      + server.id().value()
                      + " has schedule "
                      + existing.id().value()
                      + " already; change that one instead.");
            });
    Schedule schedule =
        Schedule.register(
            schedules.nextId(),
            server.accountId(),
            server.id(),
            request.namePrefix(),
            request.recurrence(),
            request.keep(),
            request.enabled(),
            request.labels(),
            clock);
    schedules.add(schedule);
    return schedule;
  }

  @Transactional
  public Schedule change(AccountId owner, ScheduleId id, Schedule.Change change) {
    Schedule schedule = owned(owner, id);
    schedule.change(change, clock);
    schedules.update(schedule);
    return schedule;
  }

  @Transactional
  public void remove(AccountId owner, ScheduleId id) {
    schedules.remove(owned(owner, id).id());
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Schedule get(AccountId owner, ScheduleId id) {
    return owned(owner, id);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<Schedule> list(AccountId owner, Optional<ServerId> server, PageRequest page) {
    return schedules.list(owner, server, page);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<ScheduleRun> runs(AccountId owner, ScheduleId id, PageRequest page) {
    return schedules.runs(owned(owner, id).id(), page);
  }

  private Schedule owned(AccountId owner, ScheduleId id) {
    return schedules.findOwned(owner, id).orElseThrow(() -> NotFoundException.schedule(id));
  }

  /** A schedule as a customer asks for it. */
  public record New(
      AccountId owner,
      ServerId serverId,
      String namePrefix,
      Recurrence recurrence,
      int keep,
      boolean enabled,
      Labels labels) {}
}
