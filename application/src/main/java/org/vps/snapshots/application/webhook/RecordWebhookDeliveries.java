package org.vps.snapshots.application.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
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

  /**
   * The deliveries added for several events (none for a type this version does not know), in one
   * transaction that reads the endpoints of their accounts once: a batch of events read from the
   * bus costs one round of statements, not one a event.
   */
  @Transactional
  public List<WebhookDelivery> executeAll(List<Event> events) {
    Set<AccountId> accounts = new HashSet<>();
    events.forEach(event -> accounts.add(event.account()));
    if (accounts.isEmpty()) {
      return List.of();
    }
    List<WebhookEndpoint> enabled = endpoints.enabledOf(accounts);
    if (enabled.isEmpty()) {
      return List.of();
    }
    List<Match> matches = new ArrayList<>();
    for (Event event : events) {
      Optional<EventType> type = EventType.fromWireName(event.type());
      if (type.isEmpty()) {
        continue;
      }
      // An endpoint gets the events that happened after it was added, even when they are read late.
      for (WebhookEndpoint endpoint : enabled) {
        if (endpoint.accountId().equals(event.account())
            && endpoint.accepts(type.get())
            && !endpoint.createdAt().isAfter(event.occurredAt())) {
          matches.add(new Match(endpoint, event));
        }
      }
    }
    if (matches.isEmpty()) {
      return List.of();
    }
    List<DeliveryId> ids = deliveries.nextIds(matches.size());
    Instant now = clock.instant();
    List<WebhookDelivery> fresh = new ArrayList<>(matches.size());
    for (int i = 0; i < matches.size(); i++) {
      Match match = matches.get(i);
      fresh.add(
          WebhookDelivery.of(
              ids.get(i),
              match.endpoint(),
              match.event().id(),
              match.event().type(),
              match.event().body().get(),
              match.event().occurredAt(),
              now));
    }
    List<WebhookDelivery> added = deliveries.addNew(fresh);
    if (!added.isEmpty()) {
      doorbell.ring();
    }
    return added;
  }

  private record Match(WebhookEndpoint endpoint, Event event) {}

  /**
   * An event as receivers get it: {@code body} gives what is signed and sent, and is asked only for
   * an event some endpoint wants, so that events nobody subscribed to cost no body.
   */
  public record Event(
      AccountId account, UUID id, String type, Instant occurredAt, Supplier<String> body) {
    public Event {
      Objects.requireNonNull(account);
      Objects.requireNonNull(id);
      Objects.requireNonNull(type);
      Objects.requireNonNull(occurredAt);
      Objects.requireNonNull(body);
    }

    public Event(AccountId account, UUID id, String type, Instant occurredAt, String body) {
      this(account, id, type, occurredAt, () -> body);
      Objects.requireNonNull(body);
    }
  }
}
