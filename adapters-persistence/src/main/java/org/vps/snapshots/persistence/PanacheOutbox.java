package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotEvent;

@ApplicationScoped
public class PanacheOutbox implements Outbox, PanacheRepositoryBase<OutboxEntity, Long> {
  /** The advisory lock a relay holds while it publishes: one relay at a time keeps the order. */
  static final long RELAY_LOCK = 0x5A4E_0B0EL;

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
    return find("order by id").page(0, max).list().stream()
        .map(
            row ->
                new Pending(
                    row.id,
                    codec.decode(row.eventType, row.messageKey, row.occurredAt, row.payload)))
        .toList();
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
                .createNativeQuery("select count(*), min(occurred_at) from outbox")
                .getSingleResult();
    return new Backlog(((Number) row[0]).longValue(), Optional.ofNullable(Rows.instant(row[1])));
  }
}
