package org.vps.snapshots.application.webhook;

import java.time.Duration;
import java.util.Objects;
import org.vps.snapshots.domain.webhook.RetrySchedule;

/**
 * How webhooks are delivered: the retry schedule, how long an endpoint may fail before it is
 * disabled, how long a rotated secret stays valid, how long a node holds a delivery it sends, how
 * many deliveries of one endpoint are in flight at most, and whether http and private addresses are
 * allowed (development and tests only).
 */
public record WebhookPolicy(
    RetrySchedule retries,
    Duration disableAfter,
    Duration secretGrace,
    Duration sendLease,
    int perEndpoint,
    boolean insecureAllowed) {
  public WebhookPolicy {
    Objects.requireNonNull(retries);
    Objects.requireNonNull(disableAfter);
    Objects.requireNonNull(secretGrace);
    Objects.requireNonNull(sendLease);
    if (perEndpoint < 1) {
      throw new IllegalArgumentException("at least one delivery per endpoint must be in flight");
    }
  }
}
