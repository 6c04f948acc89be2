package org.vps.snapshots.application.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.vps.snapshots.application.port.WebhookDeliveries;
import org.vps.snapshots.application.port.WebhookDoorbell;
import org.vps.snapshots.application.port.WebhookEndpoints;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.webhook.DeliveryId;
import org.vps.snapshots.domain.webhook.WebhookDelivery;
import org.vps.snapshots.domain.webhook.WebhookEndpoint;
import org.vps.snapshots.domain.webhook.WebhookId;
import org.vps.snapshots.domain.webhook.WebhookRuleException;
import org.vps.snapshots.domain.webhook.WebhookSecret;
import org.vps.snapshots.domain.webhook.WebhookUrl;

/** What an account changes of its endpoints: settings, secret, removal, a delivery again. */
@ApplicationScoped
public class ChangeWebhook {
  private final WebhookEndpoints endpoints;
  private final WebhookDeliveries deliveries;
  private final WebhookDoorbell doorbell;
  private final WebhookPolicy policy;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  @Inject
  public ChangeWebhook(
      WebhookEndpoints endpoints,
      WebhookDeliveries deliveries,
      WebhookDoorbell doorbell,
      WebhookPolicy policy,
      Clock clock) {
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.doorbell = doorbell;
    this.policy = policy;
    this.clock = clock;
  }

  @Transactional
  public WebhookEndpoint update(Update command) {
    WebhookEndpoint endpoint = owned(command.account(), command.id());
    command.url().ifPresent(url -> endpoint.moveTo(url, policy.insecureAllowed()));
    command.events().ifPresent(endpoint::subscribe);
    command.description().ifPresent(endpoint::describe);
    command.enabled().ifPresent(endpoint::enable);
    endpoints.update(endpoint);
    return endpoint;
  }

  /** A new secret, answered this once; the old one keeps signing for the grace period. */
  @Transactional
  public WebhookEndpoint rotateSecret(AccountId account, WebhookId id) {
    WebhookEndpoint endpoint = owned(account, id);
    endpoint.rotateSecret(WebhookSecret.generate(random), policy.secretGrace(), clock.instant());
    endpoints.update(endpoint);
    return endpoint;
  }

  @Transactional
  public void remove(AccountId account, WebhookId id) {
    if (!endpoints.remove(account, id)) {
      throw NotFoundException.webhook(id.value());
    }
  }

  /** Sends a delivery again, at once, whatever became of it; refused while its endpoint is off. */
  @Transactional
  public WebhookDelivery redeliver(AccountId account, WebhookId id, DeliveryId deliveryId) {
    WebhookEndpoint endpoint = owned(account, id);
    deliveries
        .find(endpoint.id(), deliveryId)
        .orElseThrow(() -> NotFoundException.delivery(deliveryId.value()));
    if (!endpoint.enabled()) {
      throw WebhookRuleException.endpointDisabled(id);
    }
    WebhookDelivery delivery = deliveries.lock(deliveryId).orElseThrow();
    delivery.redeliver(clock.instant());
    deliveries.update(delivery, false);
    doorbell.ring();
    return delivery;
  }

  private WebhookEndpoint owned(AccountId account, WebhookId id) {
    endpoints.find(account, id).orElseThrow(() -> NotFoundException.webhook(id.value()));
    return endpoints.lock(id).orElseThrow(() -> NotFoundException.webhook(id.value()));
  }

  /** Change endpoint {@code id}'s URL, events, description, enabled flag, or any of them. */
  public record Update(
      AccountId account,
      WebhookId id,
      Optional<WebhookUrl> url,
      Optional<Set<EventType>> events,
      Optional<Description> description,
      Optional<Boolean> enabled) {
    public Update {
      Objects.requireNonNull(account);
      Objects.requireNonNull(id);
      Objects.requireNonNull(url);
      Objects.requireNonNull(events);
      Objects.requireNonNull(description);
      Objects.requireNonNull(enabled);
    }
  }
}
