package org.vps.snapshots.application.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.WebhookDeliveries;
import org.vps.snapshots.application.port.WebhookEndpoints;
import org.vps.snapshots.application.port.WebhookSender;
import org.vps.snapshots.domain.webhook.DeliveryStatus;
import org.vps.snapshots.domain.webhook.WebhookDelivery;
import org.vps.snapshots.domain.webhook.WebhookEndpoint;
import org.vps.snapshots.domain.webhook.WebhookEndpointDisabled;
import org.vps.snapshots.domain.webhook.WebhookId;

/**
 * Sends due deliveries in two steps around the HTTP call, which holds no transaction: {@link
 * #claimDue} takes them and signs them, {@link #finish} records how the attempt went, schedules the
 * next one, and disables an endpoint that has failed for too long.
 */
@ApplicationScoped
public class DeliverWebhooks {
  private final WebhookEndpoints endpoints;
  private final WebhookDeliveries deliveries;
  private final Outbox outbox;
  private final WebhookPolicy policy;
  private final Clock clock;

  @Inject
  public DeliverWebhooks(
      WebhookEndpoints endpoints,
      WebhookDeliveries deliveries,
      Outbox outbox,
      WebhookPolicy policy,
      Clock clock) {
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.outbox = outbox;
    this.policy = policy;
    this.clock = clock;
  }

  /** Up to {@code max} due deliveries, each ready to send. */
  @Transactional
  public List<Attempt> claimDue(int max) {
    List<WebhookDelivery> due = deliveries.claimDue(max, policy.perEndpoint(), policy.sendLease());
    Instant now = clock.instant();
    Map<WebhookId, Optional<WebhookEndpoint>> byId = new HashMap<>();
    List<Attempt> attempts = new ArrayList<>(due.size());
    for (WebhookDelivery delivery : due) {
      Optional<WebhookEndpoint> endpoint =
          byId.computeIfAbsent(
              delivery.endpointId(), id -> endpoints.find(delivery.accountId(), id));
      if (endpoint.isEmpty() || !endpoint.get().enabled()) {
        delivery.abandon("The endpoint was disabled or removed.");
        deliveries.update(delivery, false);
        continue;
      }
      attempts.add(
          new Attempt(
              delivery,
              new WebhookSender.Request(
                  endpoint.get().url().uri(),
                  delivery.id().messageId(),
                  now,
                  delivery.body(),
                  endpoint.get().signingSecrets(now))));
    }
    return attempts;
  }

  /** Records how an attempt went; answers what became of the delivery and its endpoint. */
  @Transactional
  public Finished finish(Attempt attempt, WebhookSender.Answer answer) {
    Optional<WebhookDelivery> locked = deliveries.lock(attempt.delivery().id());
    Optional<WebhookEndpoint> endpoint = endpoints.lock(attempt.delivery().endpointId());
    if (locked.isEmpty() || endpoint.isEmpty()) {
      return new Finished(DeliveryStatus.FAILED, false);
    }
    WebhookDelivery delivery = locked.get();
    Instant now = clock.instant();
    boolean disabled = false;
    if (answer.succeeded()) {
      delivery.succeeded(now, answer.statusCode().orElseThrow(), answer.took());
      if (endpoint.get().failing()) {
        endpoint.get().deliverySucceeded();
        endpoints.update(endpoint.get());
      }
    } else {
      delivery.attemptFailed(
          now,
          answer.statusCode().orElse(null),
          answer.took(),
          answer.error().orElse(null),
          policy.retries(),
          ThreadLocalRandom.current().nextDouble());
      Optional<WebhookEndpointDisabled> off =
          endpoint.get().deliveryFailed(now, policy.disableAfter());
      endpoints.update(endpoint.get());
      if (off.isPresent()) {
        disabled = true;
        outbox.appendNotice(off.get());
        for (WebhookDelivery pending : deliveries.pendingOf(endpoint.get().id())) {
          if (!pending.id().equals(delivery.id())) {
            pending.abandon(off.get().reason());
            deliveries.update(pending, false);
          }
        }
        delivery.abandon(off.get().reason());
      }
    }
    deliveries.update(delivery, true);
    return new Finished(delivery.status(), disabled);
  }

  /** A claimed delivery and the request that sends it. */
  public record Attempt(WebhookDelivery delivery, WebhookSender.Request request) {}

  /** The delivery's status after the attempt, and whether its endpoint was disabled for it. */
  public record Finished(DeliveryStatus status, boolean endpointDisabled) {}
}
