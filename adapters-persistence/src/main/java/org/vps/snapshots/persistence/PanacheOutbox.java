package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.domain.event.SnapshotEvent;

@ApplicationScoped
public class PanacheOutbox implements Outbox, PanacheRepositoryBase<OutboxEntity, Long> {
  private final EventCodec codec;

  @Inject
  public PanacheOutbox(EventCodec codec) {
    this.codec = codec;
  }

  @Override
  public void append(List<SnapshotEvent> events) {
    for (SnapshotEvent event : events) {
      OutboxEntity row = new OutboxEntity();
      row.eventId = event.eventId();
      row.eventType = event.type();
      row.messageKey = Long.toString(event.serverId().value());
      row.payload = codec.encode(event);
      row.occurredAt = event.occurredAt();
      persist(row);
    }
  }
}
