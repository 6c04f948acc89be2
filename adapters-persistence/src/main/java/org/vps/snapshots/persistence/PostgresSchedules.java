package org.vps.snapshots.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.Schedules;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.schedule.RunOutcome;
import org.vps.snapshots.domain.schedule.Schedule;
import org.vps.snapshots.domain.schedule.ScheduleRun;

/** Schedules and their runs in PostgreSQL; a due schedule is claimed with {@code skip locked}. */
@ApplicationScoped
public class PostgresSchedules implements Schedules {
  private static final Columns SCHEDULES =
      new Columns(
          "schedules",
          "id",
          "account_id",
          "server_id",
          "name_prefix",
          "every",
          "at_minute",
          "weekday",
          "keep",
          "enabled",
          "labels",
          "created_at",
          "next_run_at",
          "pending_tick");
  private static final String SELECT = "select " + SCHEDULES.list() + " from schedules";
  private static final String RUN_COLUMNS =
      "id, schedule_id, scheduled_for, ran_at, outcome, snapshot_id, rotated, reason, detail";

  private final EntityManager entityManager;

  @Inject
  public PostgresSchedules(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  @Override
  public ScheduleId nextId() {
    return new ScheduleId(
        Jdbc.queryFirst(
                entityManager, "select nextval('schedule_ids')", row -> {}, row -> row.getLong(1))
            .orElseThrow());
  }

  @Override
  public void add(Schedule schedule) {
    Jdbc.update(entityManager, SCHEDULES.insert(), row -> DomainMapping.bind(schedule, row));
  }

  @Override
  public void update(Schedule schedule) {
    Jdbc.updateOne(
        entityManager,
        SCHEDULES.update(),
        row -> {
          DomainMapping.bind(schedule, row);
          row.setLong(SCHEDULES.nextParameter(), schedule.id().value());
        },
        "a schedule");
  }

  @Override
  public boolean remove(ScheduleId id) {
    return Jdbc.update(
            entityManager, "delete from schedules where id = ?", row -> row.setLong(1, id.value()))
        > 0;
  }

  @Override
  public Optional<Schedule> findOwned(AccountId account, ScheduleId id) {
    return Jdbc.ownedRow(entityManager, SELECT, id.value(), account, DomainMapping::toSchedule);
  }

  @Override
  public Optional<Schedule> ofServer(ServerId server) {
    return Jdbc.queryFirst(
        entityManager,
        SELECT + " where server_id = ?",
        row -> row.setLong(1, server.value()),
        DomainMapping::toSchedule);
  }

  @Override
  public Page<Schedule> list(AccountId account, Optional<ServerId> server, PageRequest page) {
    String where = " where account_id = ?" + (server.isPresent() ? " and server_id = ?" : "");
    Jdbc.Binder binder =
        row -> {
          row.setLong(1, account.value());
          if (server.isPresent()) {
            row.setLong(2, server.get().value());
          }
        };
    List<Schedule> items =
        Jdbc.query(
            entityManager,
            SELECT + where + " order by id" + Jdbc.limitOffset(page),
            binder,
            DomainMapping::toSchedule);
    long total =
        Jdbc.queryFirst(
                entityManager,
                "select count(*) from schedules" + where,
                binder,
                row -> row.getLong(1))
            .orElseThrow();
    return new Page<>(items, total);
  }

  @Override
  public List<Schedule> claimDue(Instant now, int max) {
    return Jdbc.query(
        entityManager,
        SELECT
            + " where enabled and next_run_at <= ? order by next_run_at limit ?"
            + " for update skip locked",
        row -> {
          Jdbc.setInstant(row, 1, now);
          row.setInt(2, max);
        },
        DomainMapping::toSchedule);
  }

  @Override
  public long nextRunId() {
    return Jdbc.queryFirst(
            entityManager,
            "select nextval(pg_get_serial_sequence('schedule_runs', 'id'))",
            row -> {},
            row -> row.getLong(1))
        .orElseThrow();
  }

  @Override
  public void addRun(ScheduleRun run) {
    Jdbc.update(
        entityManager,
        "insert into schedule_runs (" + RUN_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        row -> {
          row.setLong(1, run.id());
          row.setLong(2, run.scheduleId().value());
          Jdbc.setInstant(row, 3, run.scheduledFor());
          Jdbc.setInstant(row, 4, run.ranAt());
          row.setString(5, run.outcome().code());
          Jdbc.setLong(row, 6, run.snapshot().map(SnapshotId::value).orElse(null));
          row.setArray(
              7,
              row.getConnection()
                  .createArrayOf(
                      "bigint", run.rotated().stream().map(SnapshotId::value).toArray()));
          row.setString(8, run.reason());
          row.setString(
              9,
              run.detail() == null || run.detail().length() <= 500
                  ? run.detail()
                  : run.detail().substring(0, 500));
        });
  }

  @Override
  public Page<ScheduleRun> runs(ScheduleId schedule, PageRequest page) {
    Jdbc.Binder binder = row -> row.setLong(1, schedule.value());
    List<ScheduleRun> items =
        Jdbc.query(
            entityManager,
            "select r."
                + RUN_COLUMNS.replace(", ", ", r.")
                + ", s.account_id, s.server_id from schedule_runs r"
                + " join schedules s on s.id = r.schedule_id where r.schedule_id = ?"
                + " order by r.id desc"
                + Jdbc.limitOffset(page),
            binder,
            PostgresSchedules::toRun);
    long total =
        Jdbc.queryFirst(
                entityManager,
                "select count(*) from schedule_runs where schedule_id = ?",
                binder,
                row -> row.getLong(1))
            .orElseThrow();
    return new Page<>(items, total);
  }

  private static ScheduleRun toRun(ResultSet row) throws SQLException {
    Array rotated = row.getArray("rotated");
    List<SnapshotId> rotatedIds = new ArrayList<>();
    if (rotated != null) {
      Arrays.stream((Long[]) rotated.getArray()).map(SnapshotId::new).forEach(rotatedIds::add);
    }
    Long snapshot = Jdbc.longOrNull(row, "snapshot_id");
    return new ScheduleRun(
        row.getLong("id"),
        new ScheduleId(row.getLong("schedule_id")),
        new AccountId(row.getLong("account_id")),
        new ServerId(row.getLong("server_id")),
        Jdbc.instant(row, "scheduled_for"),
        Jdbc.instant(row, "ran_at"),
        row.getString("outcome").equals("succeeded") ? RunOutcome.SUCCEEDED : RunOutcome.SKIPPED,
        snapshot == null ? null : new SnapshotId(snapshot),
        rotatedIds,
        row.getString("reason"),
        row.getString("detail"));
  }
}
