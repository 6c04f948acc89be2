package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotEvent;

@ApplicationScoped
public class PanacheOutbox implements Outbox, PanacheRepositoryBase<OutboxEntity, Long> {
  /** The advisory lock a relay holds while it publishes: one relay at a time keeps the order. */
  static final long RELAY_LOCK = 0x5A4E_0B0EL;

  private static final Logger LOG = Logger.getLogger(PanacheOutbox.class);

  private final EventCodec codec;

  @Inject
  public PanacheOutbox(EventCodec codec) {
    this.codec = codec;
  }

  @Override
  public void append(List<SnapshotEvent> events) {
    for (SnapshotEvent event : events) {
      add(
          "events",
          event.eventId(),
          event.type().wireName(),
          event.serverId(),
          codec.encode(event),
          event.occurredAt());
    }
  }

  @Override
  public void appendWork(OperationId operation, ServerId server) {
    add(
        "work",
        UUID.randomUUID(),
        EventCodec.WORK_TYPE,
        server,
        codec.encodeWork(operation),
        Instant.now());
  }

  private void add(
      String topic, UUID id, String type, ServerId server, String payload, Instant occurredAt) {
    OutboxEntity row = new OutboxEntity();
    row.topic = topic;
    row.eventId = id;
    row.eventType = type;
    row.messageKey = Long.toString(server.value());
    row.payload = payload;
    row.occurredAt = occurredAt;
    persist(row);
  }

  @Override
  public List<Pending> claimOldest(int max) {
    var entityManager = getEntityManager();
    Object claimed =
        entityManager
            .createNativeQuery("select pg_try_advisory_xact_lock(" + RELAY_LOCK + ")")
            .getSingleResult();
    if (!Boolean.TRUE.equals(claimed)) {
      return List.of();
    }
    List<Pending> pending = new ArrayList<>();
    for (OutboxEntity row : find("order by id").page(0, max).list()) {
      try {
        pending.add(
            new Pending(
                row.id, codec.decode(row.eventType, row.messageKey, row.occurredAt, row.payload)));
      } catch (RuntimeException unreadable) {
        quarantine(row, unreadable.getMessage());
      }
    }
    return pending;
  }

  /** Sets an unreadable row aside, loudly, so that the rows after it are published. */
  private void quarantine(OutboxEntity row, String reason) {
    String why = reason == null || reason.isBlank() ? "it could not be read" : reason;
    LOG.errorf(
        "Outbox row %d (%s, key %s) cannot be read and is quarantined: %s",
        row.id, row.eventType, row.messageKey, why);
    getEntityManager()
        .createNativeQuery(
            "insert into outbox_quarantine (id, topic, event_id, event_type, message_key, payload,"
                + " occurred_at, reason, quarantined_at)"
                + " select id, topic, event_id, event_type, message_key, payload, occurred_at,"
                + " left(?2, 500), now() from outbox where id = ?1")
        .setParameter(1, row.id)
        .setParameter(2, why)
        .executeUpdate();
    delete("id", row.id);
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
      delete("id in ?1", published.stream().map(Pending::position).toList());
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
