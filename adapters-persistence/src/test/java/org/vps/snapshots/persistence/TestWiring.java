package org.vps.snapshots.persistence;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

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
}
