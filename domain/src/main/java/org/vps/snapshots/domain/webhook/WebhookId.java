package org.vps.snapshots.domain.webhook;

import org.vps.snapshots.domain.InvalidValueException;

/** A webhook endpoint's id, unique across all accounts. */
public record WebhookId(long value) {
  public WebhookId {
    if (value <= 0) {
      throw new InvalidValueException("webhook_id", "Must be a positive integer.");
    }
  }
}
