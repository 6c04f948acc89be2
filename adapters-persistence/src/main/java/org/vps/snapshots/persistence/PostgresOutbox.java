package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.RandomIds;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.event.SnapshotEvent;

@ApplicationScoped
public class PostgresOutbox implements Outbox, PanacheRepositoryBase<OutboxEntity, Long> {
  /**
   * The advisory locks a relay holds while it publishes a partition: (this class, the partition).
   * The partition of a message is a hash of its key (the server id) in 16 (see V6). Every relay
   * also holds (this class, -1) shared for as long as it listens.
   */
  static final int RELAY_LOCK_CLASS = 0x5A4E_0B0E;

  static final int PARTITIONS = 16;

  private static final Logger LOG = Logger.getLogger(PostgresOutbox.class);

  private final EventCodec codec;
  private final OutboxVacuum vacuum;
  private final CommitNotifications notifications;
  private final AtomicInteger nextPartition = new AtomicInteger();

  @Inject
  public PostgresOutbox(EventCodec codec, OutboxVacuum vacuum, CommitNotifications notifications) {
    this.codec = codec;
    this.vacuum = vacuum;
    this.notifications = notifications;
  }

  @Override
  public void append(List<SnapshotEvent> events) {
    insert(eventRows(events));
  }

  @Override
  public void appendNotice(org.vps.snapshots.domain.event.Notice notice) {
    Outbox.Notice message = new Outbox.Notice(notice);
    insert(
        List.of(
            new Row(
                "events",
                notice.eventId(),
                notice.type().wireName(),
                message.key(),
                codec.encode(notice),
                notice.occurredAt())));
  }

  @Override
  public void appendWork(OperationId operation, ServerId server) {
    insert(List.of(workRow(operation, server)));
  }

  @Override
  public void append(List<SnapshotEvent> events, OperationId operation, ServerId server) {
    appendStarts(List.of(new Start(events, operation, server)));
  }

  @Override
  public void appendStarts(List<Start> starts) {
    List<Row> rows = new ArrayList<>();
    for (Start start : starts) {
      rows.addAll(eventRows(start.events()));
      rows.add(workRow(start.operation(), start.server()));
    }
    insert(rows);
  }

  private List<Row> eventRows(List<SnapshotEvent> events) {
    List<Row> rows = new ArrayList<>(events.size() + 1);
    for (SnapshotEvent event : events) {
      rows.add(
          new Row(
              "events",
              event.eventId(),
              event.type().wireName(),
              Long.toString(event.serverId().value()),
              codec.encode(event),
              event.occurredAt()));
    }
    return rows;
  }

  private Row workRow(OperationId operation, ServerId server) {
    return new Row(
        "work",
        RandomIds.uuid(),
        EventCodec.WORK_TYPE,
        Long.toString(server.value()),
        codec.encodeWork(operation),
        Instant.now());
  }

  /** One message as the outbox stores it. */
  private record Row(
      String topic, UUID id, String type, String key, String payload, Instant occurredAt) {}

  /**
   * Writes the rows in one statement on the transaction's connection: an outbox row is never read
   * back in the transaction that writes it, so it needs no entity in the session.
   */
  private void insert(List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    StringBuilder sql =
        new StringBuilder(
            "insert into outbox (topic, event_id, event_type, message_key, payload, occurred_at)"
                + " values ");
    for (int i = 0; i < rows.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?::jsonb, ?)");
    }
    Jdbc.update(
        getEntityManager(),
        sql.toString(),
        insert -> {
          int p = 1;
          for (Row row : rows) {
            insert.setString(p++, row.topic());
            insert.setObject(p++, row.id());
            insert.setString(p++, row.type());
            insert.setString(p++, row.key());
            insert.setString(p++, row.payload());
            Jdbc.setInstant(insert, p++, row.occurredAt());
          }
        });
    notifications.afterCommit(PostgresOutboxSignal.CHANNEL, "");
  }

  @Override
  public List<Pending> claimOldest(int max) {
    List<Short> partitions = lockPartitionsWithMessages();
    if (partitions.isEmpty()) {
      return List.of();
    }
    nextPartition.set((partitions.get(partitions.size() - 1) + 1) % PARTITIONS);
    List<Stored> rows =
        Jdbc.query(
            getEntityManager(),
            "select id, event_type, message_key, occurred_at, payload from outbox"
                + " where relay_partition = any (?) order by id limit ?",
            query -> {
              query.setArray(1, query.getConnection().createArrayOf("int2", partitions.toArray()));
              query.setInt(2, max);
            },
            row ->
                new Stored(
                    row.getLong("id"),
                    row.getString("event_type"),
                    row.getString("message_key"),
                    Jdbc.instant(row, "occurred_at"),
                    row.getString("payload")));
    List<Pending> pending = new ArrayList<>(rows.size());
    for (Stored row : rows) {
      try {
        pending.add(
            new Pending(
                row.id(), codec.decode(row.type(), row.key(), row.occurredAt(), row.payload())));
      } catch (RuntimeException unreadable) {
        quarantine(row, unreadable.getMessage());
      }
    }
    return pending;
  }

  /** An outbox row as the relay reads it. */
  private record Stored(long id, String type, String key, Instant occurredAt, String payload) {}

  /**
   * Of the partitions holding messages, this relay's share: as many as the partitions divided by
   * the relays listening now (all of them when it is alone), looked at from where this node stopped
   * last and each locked as it is found, so that a relay on another node takes the next ones.
   */
  private List<Short> lockPartitionsWithMessages() {
    @SuppressWarnings("unchecked")
    List<Number> locked =
        getEntityManager()
            .createNativeQuery(
                "select p.n from (select (s + ?1) % ?2 as n from generate_series(0, ?2 - 1) s) p"
                    + " where case when exists (select 1 from outbox o where o.relay_partition ="
                    + " p.n) then pg_try_advisory_xact_lock(?3, p.n) else false end"
                    + " limit (select (?2 + greatest(count(*), 1) - 1) / greatest(count(*), 1)"
                    + " from pg_locks where locktype = 'advisory' and classid = ?3"
                    + " and objid = 4294967295 and objsubid = 2 and granted)")
            .setParameter(1, nextPartition.get())
            .setParameter(2, PARTITIONS)
            .setParameter(3, RELAY_LOCK_CLASS)
            .getResultList();
    return locked.stream().map(Number::shortValue).toList();
  }

  /** Sets an unreadable row aside, loudly, so that the rows after it are published. */
  private void quarantine(Stored row, String reason) {
    String why = reason == null || reason.isBlank() ? "it could not be read" : reason;
    LOG.errorf(
        "Outbox row %d (%s, key %s) cannot be read and is quarantined: %s",
        row.id(), row.type(), row.key(), why);
    getEntityManager()
        .createNativeQuery(
            "insert into outbox_quarantine (id, topic, event_id, event_type, message_key, payload,"
                + " occurred_at, reason, quarantined_at)"
                + " select id, topic, event_id, event_type, message_key, payload, occurred_at,"
                + " left(?2, 500), now() from outbox where id = ?1")
        .setParameter(1, row.id())
        .setParameter(2, why)
        .executeUpdate();
    delete("id", row.id());
  }

  @Override
  public List<Quarantined> quarantined(int max) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        getEntityManager()
            .createNativeQuery(
                "select id, event_type, message_key, occurred_at, reason, quarantined_at"
                    + " from outbox_quarantine order by id limit ?1")
            .setParameter(1, max)
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new Quarantined(
                    ((Number) r[0]).longValue(),
                    (String) r[1],
                    (String) r[2],
                    Rows.instant(r[3]),
                    (String) r[4],
                    Rows.instant(r[5])))
        .toList();
  }

  @Override
  public boolean requeue(long position) {
    int moved =
        getEntityManager()
            .createNativeQuery(
                "insert into outbox (topic, event_id, event_type, message_key, payload,"
                    + " occurred_at) select topic, event_id, event_type, message_key, payload,"
                    + " occurred_at from outbox_quarantine where id = ?1")
            .setParameter(1, position)
            .executeUpdate();
    if (moved == 1) {
      notifications.afterCommit(PostgresOutboxSignal.CHANNEL, "");
    }
    return moved == 1 && drop(position);
  }

  @Override
  public boolean drop(long position) {
    return getEntityManager()
            .createNativeQuery("delete from outbox_quarantine where id = ?1")
            .setParameter(1, position)
            .executeUpdate()
        == 1;
  }

  @Override
  public void remove(List<Pending> published) {
    if (!published.isEmpty()) {
      Long[] ids = published.stream().map(Pending::position).toArray(Long[]::new);
      Jdbc.update(
          getEntityManager(),
          "delete from outbox where id = any (?)",
          delete -> delete.setArray(1, delete.getConnection().createArrayOf("int8", ids)));
      vacuum.removed(ids.length);
    }
  }

  @Override
  public Backlog backlog() {
    Object[] row =
        (Object[])
            getEntityManager()
                .createNativeQuery(
                    "select count(*), min(occurred_at), (select count(*) from outbox_quarantine)"
                        + " from outbox")
                .getSingleResult();
    return new Backlog(
        ((Number) row[0]).longValue(),
        Optional.ofNullable(Rows.instant(row[1])),
        ((Number) row[2]).longValue());
  }
}
