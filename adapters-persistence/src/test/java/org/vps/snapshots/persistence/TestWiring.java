package org.vps.snapshots.persistence;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.vps.snapshots.application.fake.InMemoryWebhooks;
import org.vps.snapshots.application.port.WebhookDoorbell;
import org.vps.snapshots.application.webhook.WebhookPolicy;

/** What the adapter takes from the running service, as the service gives it. */
@Singleton
public class TestWiring {

  @Produces
  @Singleton
  Clock clock() {
    // PostgreSQL keeps microseconds: times read back must equal the times written.
    return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
  }

  @Produces
  @Singleton
  RememberedApiTokens.CacheTime tokenCacheTime() {
    return new RememberedApiTokens.CacheTime(Duration.ofSeconds(10));
  }

  @Produces
  @Singleton
  WebhookPolicy webhookPolicy() {
    return InMemoryWebhooks.DEFAULT_POLICY;
  }

  @Produces
  @Singleton
  WebhookDoorbell webhookDoorbell() {
    return () -> {};
  }
}
