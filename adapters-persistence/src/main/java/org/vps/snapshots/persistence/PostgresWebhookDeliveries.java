package org.vps.snapshots.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.WebhookDeliveries;
import org.vps.snapshots.domain.webhook.DeliveryId;
import org.vps.snapshots.domain.webhook.WebhookDelivery;
import org.vps.snapshots.domain.webhook.WebhookId;

@ApplicationScoped
public class PostgresWebhookDeliveries implements WebhookDeliveries {
  private static final String COLUMNS = DomainMapping.WEBHOOK_DELIVERIES.list();
  private static final String SELECT = "select " + COLUMNS + " from webhook_deliveries";

  private final EntityManager entityManager;

  @Inject
  public PostgresWebhookDeliveries(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  @Override
  public List<DeliveryId> nextIds(int count) {
    return Jdbc.query(
        entityManager,
        "select nextval('webhook_delivery_ids') from generate_series(1, ?)",
        row -> row.setInt(1, count),
        row -> new DeliveryId(row.getLong(1)));
  }

  @Override
  public List<WebhookDelivery> addNew(List<WebhookDelivery> deliveries) {
    List<WebhookDelivery> added = new ArrayList<>(deliveries.size());
    for (WebhookDelivery delivery : deliveries) {
      int inserted =
          Jdbc.update(
              entityManager,
              DomainMapping.WEBHOOK_DELIVERIES.insert()
                  + " on conflict (endpoint_id, event_id) do nothing",
              row -> DomainMapping.bind(delivery, row));
      if (inserted == 1) {
        added.add(delivery);
      }
    }
    return added;
  }

  /**
   * Chooses in one statement: per endpoint, the oldest due deliveries up to what its bound leaves
   * beside those in flight; rows another node is taking right now are skipped.
   */
  @Override
  public List<WebhookDelivery> claimDue(int max, int perEndpoint, Duration lease) {
    return Jdbc.query(
        entityManager,
        "with busy as (select endpoint_id, count(*) as sending from webhook_deliveries"
            + "   where status = 'pending' and in_flight_until > clock_timestamp()"
            + "   group by endpoint_id),"
            + " due as (select id, endpoint_id, next_attempt_at, row_number() over"
            + "   (partition by endpoint_id order by next_attempt_at, id) as place"
            + "   from (select id, endpoint_id, next_attempt_at from webhook_deliveries"
            + "     where status = 'pending' and next_attempt_at <= clock_timestamp()"
            + "     order by next_attempt_at limit ?) oldest),"
            + " chosen as (select due.id from due left join busy using (endpoint_id)"
            + "   where due.place <= ? - coalesce(busy.sending, 0)"
            + "   order by due.next_attempt_at limit ?),"
            + " taken as (select id from webhook_deliveries where id in (select id from chosen)"
            + "   for update skip locked)"
            + " update webhook_deliveries d set"
            + "   in_flight_until = clock_timestamp() + ? * interval '1 millisecond',"
            + "   next_attempt_at = clock_timestamp() + ? * interval '1 millisecond'"
            + " from taken where d.id = taken.id returning "
            + prefixed("d."),
        row -> {
          row.setInt(1, max * 4);
          row.setInt(2, perEndpoint);
          row.setInt(3, max);
          row.setLong(4, lease.toMillis());
          row.setLong(5, lease.toMillis());
        },
        DomainMapping::toWebhookDelivery);
  }

  @Override
  public Optional<WebhookDelivery> lock(DeliveryId id) {
    return Jdbc.queryFirst(
        entityManager,
        SELECT + " where id = ? for update",
        row -> row.setLong(1, id.value()),
        DomainMapping::toWebhookDelivery);
  }

  @Override
  public Optional<WebhookDelivery> find(WebhookId endpoint, DeliveryId id) {
    return Jdbc.queryFirst(
        entityManager,
        SELECT + " where id = ? and endpoint_id = ?",
        row -> {
          row.setLong(1, id.value());
          row.setLong(2, endpoint.value());
        },
        DomainMapping::toWebhookDelivery);
  }

  @Override
  public void update(WebhookDelivery delivery, boolean attempted) {
    Jdbc.updateOne(
        entityManager,
        DomainMapping.WEBHOOK_DELIVERIES
            .update()
            .replace(" where id = ?", ", in_flight_until = null where id = ?"),
        row -> {
          DomainMapping.bind(delivery, row);
          row.setLong(DomainMapping.WEBHOOK_DELIVERIES.nextParameter(), delivery.id().value());
        },
        "a webhook delivery");
    if (attempted) {
      Jdbc.update(
          entityManager,
          "insert into webhook_attempts (delivery_id, attempt, attempted_at, status_code,"
              + " duration_ms, error) values (?, ?, ?, ?, ?, ?) on conflict do nothing",
          row -> {
            row.setLong(1, delivery.id().value());
            row.setInt(2, delivery.attempts());
            Jdbc.setInstant(row, 3, delivery.lastAttemptAt().orElseThrow());
            Jdbc.setLong(row, 4, delivery.lastStatusCode().map(Integer::longValue).orElse(null));
            row.setLong(5, delivery.lastDurationMs().orElse(0L));
            row.setString(6, delivery.lastError().orElse(null));
          });
    }
  }

  @Override
  public Page<WebhookDelivery> of(WebhookId endpoint, PageRequest page) {
    List<WebhookDelivery> items =
        Jdbc.query(
            entityManager,
            SELECT + " where endpoint_id = ? order by id desc" + Jdbc.limitOffset(page),
            row -> row.setLong(1, endpoint.value()),
            DomainMapping::toWebhookDelivery);
    long total =
        Jdbc.queryFirst(
                entityManager,
                "select count(*) from webhook_deliveries where endpoint_id = ?",
                row -> row.setLong(1, endpoint.value()),
                row -> row.getLong(1))
            .orElse(0L);
    return new Page<>(items, total);
  }

  @Override
  public List<WebhookDelivery> pendingOf(WebhookId endpoint) {
    return Jdbc.query(
        entityManager,
        SELECT + " where endpoint_id = ? and status = 'pending' order by id for update",
        row -> row.setLong(1, endpoint.value()),
        DomainMapping::toWebhookDelivery);
  }

  private static String prefixed(String alias) {
    return alias + COLUMNS.replace(", ", ", " + alias);
  }
}
