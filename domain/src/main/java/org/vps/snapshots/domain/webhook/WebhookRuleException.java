package org.vps.snapshots.domain.webhook;

import org.vps.snapshots.domain.DomainException;

/** A well-formed request about webhooks that their rules refuse. */
public final class WebhookRuleException extends DomainException {
  private WebhookRuleException(String code, String message) {
    super(code, message);
  }

  public static WebhookRuleException limitReached() {
    return new WebhookRuleException(
        "webhook_limit_reached",
        "This account already has "
            + WebhookEndpoint.MAX_PER_ACCOUNT
            + " webhook endpoints, the maximum. Delete one to add another.");
  }

  public static WebhookRuleException endpointDisabled(WebhookId id) {
    return new WebhookRuleException(
        "webhook_disabled",
        "Webhook endpoint " + id.value() + " is disabled; enable it to send deliveries again.");
  }
}
