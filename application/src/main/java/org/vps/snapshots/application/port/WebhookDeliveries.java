package org.vps.snapshots.application.port;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.vps.snapshots.domain.webhook.DeliveryId;
import org.vps.snapshots.domain.webhook.WebhookDelivery;
import org.vps.snapshots.domain.webhook.WebhookId;

/** Every delivery of an event to an endpoint, and its attempts. */
public interface WebhookDeliveries {
  /** {@code count} fresh ids. */
  List<DeliveryId> nextIds(int count);

  /**
   * Stores new deliveries, except those whose endpoint already has one for the same event (an event
   * read twice is delivered once); answers the ones stored.
   */
  List<WebhookDelivery> addNew(List<WebhookDelivery> deliveries);

  /**
   * Takes up to {@code max} pending deliveries that are due, oldest due first, none of an endpoint
   * that already has {@code perEndpoint} in flight; each taken one is not due again for {@code
   * lease}, so that no other node sends it meanwhile.
   */
  List<WebhookDelivery> claimDue(int max, int perEndpoint, Duration lease);

  /** Delivery {@code id}, locked until this transaction ends. */
  Optional<WebhookDelivery> lock(DeliveryId id);

  /** Delivery {@code id} of endpoint {@code endpoint}. */
  Optional<WebhookDelivery> find(WebhookId endpoint, DeliveryId id);

  /** Stores a delivery's new state and logs the attempt it just made, if any. */
  void update(WebhookDelivery delivery, boolean attempted);

  /** The endpoint's deliveries, newest first. */
  Page<WebhookDelivery> of(WebhookId endpoint, PageRequest page);

  /** The endpoint's pending deliveries, locked until this transaction ends. */
  List<WebhookDelivery> pendingOf(WebhookId endpoint);
}
