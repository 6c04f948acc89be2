package org.vps.snapshots.application.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.vps.snapshots.application.port.WebhookDeliveries;
import org.vps.snapshots.application.port.WebhookDoorbell;
import org.vps.snapshots.application.port.WebhookEndpoints;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.webhook.DeliveryId;
import org.vps.snapshots.domain.webhook.WebhookDelivery;
import org.vps.snapshots.domain.webhook.WebhookEndpoint;

/**
 * An event of the bus becomes a delivery for each enabled endpoint of its account that subscribed
 * to its type; an event read again adds none.
 */
@ApplicationScoped
public class RecordWebhookDeliveries {
  private final WebhookEndpoints endpoints;
  private final WebhookDeliveries deliveries;
  private final WebhookDoorbell doorbell;
  private final Clock clock;

  @Inject
  public RecordWebhookDeliveries(
      WebhookEndpoints endpoints,
      WebhookDeliveries deliveries,
      WebhookDoorbell doorbell,
      Clock clock) {
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.doorbell = doorbell;
    this.clock = clock;
  }

  /** The deliveries added; none for a type this version does not know. */
  @Transactional
  public List<WebhookDelivery> execute(Event event) {
    Optional<EventType> type = EventType.fromWireName(event.type());
    if (type.isEmpty()) {
      return List.of();
    }
    // An endpoint gets the events that happened after it was added, even when they are read late.
    List<WebhookEndpoint> subscribed =
        endpoints.subscribedTo(event.account(), type.get()).stream()
            .filter(endpoint -> !endpoint.createdAt().isAfter(event.occurredAt()))
            .toList();
    if (subscribed.isEmpty()) {
      return List.of();
    }
    List<DeliveryId> ids = deliveries.nextIds(subscribed.size());
    Instant now = clock.instant();
    List<WebhookDelivery> fresh = new ArrayList<>(subscribed.size());
    for (int i = 0; i < subscribed.size(); i++) {
      fresh.add(
          WebhookDelivery.of(
              ids.get(i),
              subscribed.get(i),
              event.id(),
              event.type(),
              event.body(),
              event.occurredAt(),
              now));
    }
    List<WebhookDelivery> added = deliveries.addNew(fresh);
    if (!added.isEmpty()) {
      doorbell.ring();
    }
    return added;
  }

  /** An event as receivers get it: {@code body} is what is signed and sent. */
  public record Event(AccountId account, UUID id, String type, Instant occurredAt, String body) {
    public Event {
      Objects.requireNonNull(account);
      Objects.requireNonNull(id);
      Objects.requireNonNull(type);
      Objects.requireNonNull(occurredAt);
      Objects.requireNonNull(body);
    }
  }
}
