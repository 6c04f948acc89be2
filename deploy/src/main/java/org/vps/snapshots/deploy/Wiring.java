package org.vps.snapshots.deploy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vps.snapshots.application.access.AuthenticateCaller;
import org.vps.snapshots.application.work.WorkPolicy;
import org.vps.snapshots.domain.SnapshotQuota;

/** What the application's use cases take from the running service. */
@ApplicationScoped
public class Wiring {

  @Produces
  @Singleton
  Clock clock() {
    // PostgreSQL keeps microseconds: times read back must equal the times written.
    return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
  }

  @Produces
  @Singleton
  WorkPolicy workPolicy(
      @ConfigProperty(name = "snapshots.worker.max-attempts") int maxAttempts,
      @ConfigProperty(name = "snapshots.worker.first-backoff") Duration firstBackoff,
      @ConfigProperty(name = "snapshots.worker.lease-time") Duration leaseTime,
      @ConfigProperty(name = "snapshots.operation-deadline") Duration deadline,
      @ConfigProperty(name = "snapshots.worker.progress-interval") Duration progressInterval) {
    return new WorkPolicy(maxAttempts, firstBackoff, leaseTime, deadline, progressInterval);
  }

  @Produces
  @Singleton
  AuthenticateCaller.TokenCacheTime tokenCacheTime(
      @ConfigProperty(name = "snapshots.auth.token-cache-time") Duration time) {
    return new AuthenticateCaller.TokenCacheTime(time);
  }

  @Produces
  @Singleton
  SnapshotQuota quota(@ConfigProperty(name = "snapshots.limit-per-server") int limit) {
    return new SnapshotQuota(limit);
  }
}
