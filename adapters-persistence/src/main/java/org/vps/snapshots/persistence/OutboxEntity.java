package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

@Entity
@Table(name = "outbox")
public class OutboxEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "event_id", nullable = false)
  public UUID eventId;

  @Column(name = "event_type", nullable = false)
  public String eventType;

  @Column(name = "message_key", nullable = false)
  public String messageKey;

  @Column(nullable = false, columnDefinition = "jsonb")
  @ColumnTransformer(write = "?::jsonb")
  public String payload;

  @Column(name = "occurred_at", nullable = false)
  public Instant occurredAt;

  /** {@code events} for subscribers, {@code work} for the workers. */
  @Column(nullable = false)
  public String topic;
}
