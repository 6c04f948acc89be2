package org.vps.snapshots.application.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.WebhookDeliveries;
import org.vps.snapshots.application.port.WebhookEndpoints;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.webhook.DeliveryId;
import org.vps.snapshots.domain.webhook.WebhookDelivery;
import org.vps.snapshots.domain.webhook.WebhookEndpoint;
import org.vps.snapshots.domain.webhook.WebhookId;

/** What an account reads of its endpoints and their deliveries; another account's look absent. */
@ApplicationScoped
public class ReadWebhooks {
  private final WebhookEndpoints endpoints;
  private final WebhookDeliveries deliveries;

  @Inject
  public ReadWebhooks(WebhookEndpoints endpoints, WebhookDeliveries deliveries) {
    this.endpoints = endpoints;
    this.deliveries = deliveries;
  }

  @Transactional
  public List<WebhookEndpoint> list(AccountId account) {
    return endpoints.of(account);
  }

  @Transactional
  public WebhookEndpoint get(AccountId account, WebhookId id) {
    return endpoints.find(account, id).orElseThrow(() -> NotFoundException.webhook(id.value()));
  }

  @Transactional
  public Page<WebhookDelivery> deliveries(AccountId account, WebhookId id, PageRequest page) {
    return deliveries.of(get(account, id).id(), page);
  }

  @Transactional
  public WebhookDelivery delivery(AccountId account, WebhookId id, DeliveryId delivery) {
    return deliveries
        .find(get(account, id).id(), delivery)
        .orElseThrow(() -> NotFoundException.delivery(delivery.value()));
  }
}
