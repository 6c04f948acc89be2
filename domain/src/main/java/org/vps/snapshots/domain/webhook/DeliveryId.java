package org.vps.snapshots.domain.webhook;

import org.vps.snapshots.domain.InvalidValueException;

/**
 * One delivery of one event to one endpoint, kept across its attempts; {@link #messageId()} is what
 * receivers see in {@code webhook-id} and may deduplicate by.
 */
public record DeliveryId(long value) {
  public DeliveryId {
    if (value <= 0) {
      throw new InvalidValueException("delivery_id", "Must be a positive integer.");
    }
  }

  public String messageId() {
    return "msg_" + value;
  }
}
