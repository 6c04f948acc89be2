package org.vps.snapshots.domain.webhook;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.event.Notice;

/** An endpoint was disabled because every delivery to it failed for too long. */
public record WebhookEndpointDisabled(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    WebhookId webhookId,
    String url,
    Instant failingSince,
    String reason)
    implements Notice {

  @Override
  public EventType type() {
    return EventType.WEBHOOK_ENDPOINT_DISABLED;
  }

  @Override
  public String key() {
    return "webhook-" + webhookId.value();
  }

  @Override
  public String subject() {
    return "webhooks/" + webhookId.value();
  }
}
