package org.vps.snapshots.application.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.WebhookDeliveries;
import org.vps.snapshots.application.port.WebhookDoorbell;
import org.vps.snapshots.application.port.WebhookEndpoints;
import org.vps.snapshots.application.webhook.WebhookPolicy;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.webhook.DeliveryId;
import org.vps.snapshots.domain.webhook.DeliveryStatus;
import org.vps.snapshots.domain.webhook.RetrySchedule;
import org.vps.snapshots.domain.webhook.WebhookDelivery;
import org.vps.snapshots.domain.webhook.WebhookEndpoint;
import org.vps.snapshots.domain.webhook.WebhookId;

/**
 * The webhook ports in memory, behaving as the PostgreSQL adapter does where use cases can tell: an
 * event delivered once per endpoint, claims bounded per endpoint and held for their lease. Objects
 * are handed out as copies, so a change reaches the store only through an update.
 */
public final class InMemoryWebhooks {
  private final Clock clock;
  private final Map<WebhookId, WebhookEndpoint> endpointRows = new HashMap<>();
  private final Map<DeliveryId, WebhookDelivery> deliveryRows = new HashMap<>();
  private final Map<DeliveryId, Instant> inFlightUntil = new HashMap<>();
  private final Map<DeliveryId, Integer> attemptsLogged = new HashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicInteger rings = new AtomicInteger();

  /** The service's default policy, with production's guard on. */
  public static final WebhookPolicy DEFAULT_POLICY =
      new WebhookPolicy(
          new RetrySchedule(
              Duration.ofSeconds(5), 2, Duration.ofHours(1), Duration.ofHours(24), 0.2),
          Duration.ofHours(24),
          Duration.ofHours(24),
          Duration.ofSeconds(60),
          4,
          false);

  public InMemoryWebhooks(Clock clock) {
    this.clock = clock;
  }

  /** How often the doorbell rang. */
  public int rings() {
    return rings.get();
  }

  /** How many attempts were logged for a delivery. */
  public synchronized int attemptsLogged(DeliveryId id) {
    return attemptsLogged.getOrDefault(id, 0);
  }

  public final WebhookDoorbell doorbell = rings::incrementAndGet;

  public final WebhookEndpoints endpoints =
      new WebhookEndpoints() {
        @Override
        public WebhookId nextId() {
          return new WebhookId(ids.incrementAndGet());
        }

        @Override
        public int lockCount(AccountId account) {
          return of(account).size();
        }

        @Override
        public void add(WebhookEndpoint endpoint) {
          synchronized (InMemoryWebhooks.this) {
            endpointRows.put(endpoint.id(), Copies.of(endpoint));
          }
        }

        @Override
        public Optional<WebhookEndpoint> find(AccountId account, WebhookId id) {
          return lock(id).filter(e -> e.accountId().equals(account));
        }

        @Override
        public Optional<WebhookEndpoint> lock(WebhookId id) {
          synchronized (InMemoryWebhooks.this) {
            return Optional.ofNullable(endpointRows.get(id)).map(Copies::of);
          }
        }

        @Override
        public List<WebhookEndpoint> of(AccountId account) {
          synchronized (InMemoryWebhooks.this) {
            return endpointRows.values().stream()
                .filter(e -> e.accountId().equals(account))
                .sorted(Comparator.comparing(e -> e.id().value()))
                .map(Copies::of)
                .toList();
          }
        }

        @Override
        public List<WebhookEndpoint> enabledOf(Set<AccountId> accounts) {
          synchronized (InMemoryWebhooks.this) {
            return endpointRows.values().stream()
                .filter(e -> accounts.contains(e.accountId()) && e.enabled())
                .sorted(Comparator.comparing(e -> e.id().value()))
                .map(Copies::of)
                .toList();
          }
        }

        @Override
        public void update(WebhookEndpoint endpoint) {
          add(endpoint);
        }

        @Override
        public boolean remove(AccountId account, WebhookId id) {
          synchronized (InMemoryWebhooks.this) {
            if (find(account, id).isEmpty()) {
              return false;
            }
            endpointRows.remove(id);
            deliveryRows.values().removeIf(d -> d.endpointId().equals(id));
            return true;
          }
        }
      };

  public final WebhookDeliveries deliveries =
      new WebhookDeliveries() {
        @Override
        public List<DeliveryId> nextIds(int count) {
          List<DeliveryId> fresh = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            fresh.add(new DeliveryId(ids.incrementAndGet()));
          }
          return fresh;
        }

        @Override
        public List<WebhookDelivery> addNew(List<WebhookDelivery> deliveries) {
          synchronized (InMemoryWebhooks.this) {
            List<WebhookDelivery> added = new ArrayList<>();
            for (WebhookDelivery delivery : deliveries) {
              boolean known =
                  deliveryRows.values().stream()
                      .anyMatch(
                          d ->
                              d.endpointId().equals(delivery.endpointId())
                                  && d.eventId().equals(delivery.eventId()));
              if (!known) {
                deliveryRows.put(delivery.id(), Copies.of(delivery));
                added.add(delivery);
              }
            }
            return added;
          }
        }

        @Override
        public List<WebhookDelivery> claimDue(int max, int perEndpoint, Duration lease) {
          synchronized (InMemoryWebhooks.this) {
            Instant now = clock.instant();
            Map<WebhookId, Integer> sending = new HashMap<>();
            inFlightUntil.forEach(
                (id, until) -> {
                  WebhookDelivery d = deliveryRows.get(id);
                  if (d != null && until.isAfter(now) && d.status() == DeliveryStatus.PENDING) {
                    sending.merge(d.endpointId(), 1, Integer::sum);
                  }
                });
            List<WebhookDelivery> taken = new ArrayList<>();
            List<WebhookDelivery> due =
                deliveryRows.values().stream()
                    .filter(d -> d.status() == DeliveryStatus.PENDING)
                    .filter(d -> !d.nextAttemptAt().orElseThrow().isAfter(now))
                    .sorted(Comparator.comparing(d -> d.nextAttemptAt().orElseThrow()))
                    .toList();
            for (WebhookDelivery d : due) {
              if (taken.size() == max || sending.getOrDefault(d.endpointId(), 0) >= perEndpoint) {
                continue;
              }
              sending.merge(d.endpointId(), 1, Integer::sum);
              inFlightUntil.put(d.id(), now.plus(lease));
              WebhookDelivery held = Copies.heldUntil(d, now.plus(lease));
              deliveryRows.put(d.id(), held);
              taken.add(Copies.of(held));
            }
            return taken;
          }
        }

        @Override
        public Optional<WebhookDelivery> lock(DeliveryId id) {
          synchronized (InMemoryWebhooks.this) {
            return Optional.ofNullable(deliveryRows.get(id)).map(Copies::of);
          }
        }

        @Override
        public Optional<WebhookDelivery> find(WebhookId endpoint, DeliveryId id) {
          return lock(id).filter(d -> d.endpointId().equals(endpoint));
        }

        @Override
        public void update(WebhookDelivery delivery, boolean attempted) {
          synchronized (InMemoryWebhooks.this) {
            deliveryRows.put(delivery.id(), Copies.of(delivery));
            inFlightUntil.remove(delivery.id());
            if (attempted) {
              attemptsLogged.merge(delivery.id(), 1, Integer::sum);
            }
          }
        }

        @Override
        public Page<WebhookDelivery> of(WebhookId endpoint, PageRequest page) {
          synchronized (InMemoryWebhooks.this) {
            List<WebhookDelivery> all =
                deliveryRows.values().stream()
                    .filter(d -> d.endpointId().equals(endpoint))
                    .sorted(Comparator.comparing((WebhookDelivery d) -> d.id().value()).reversed())
                    .map(Copies::of)
                    .toList();
            return new Page<>(
                all.stream().skip(page.offset()).limit(page.size()).toList(), all.size());
          }
        }

        @Override
        public List<WebhookDelivery> pendingOf(WebhookId endpoint) {
          synchronized (InMemoryWebhooks.this) {
            return deliveryRows.values().stream()
                .filter(d -> d.endpointId().equals(endpoint))
                .filter(d -> d.status() == DeliveryStatus.PENDING)
                .map(Copies::of)
                .toList();
          }
        }
      };
}
