package org.vps.snapshots.deploy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vps.snapshots.domain.SnapshotQuota;

/** What the application's use cases take from the running service. */
@ApplicationScoped
public class Wiring {

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  SnapshotQuota quota(@ConfigProperty(name = "snapshots.limit-per-server") int limit) {
    return new SnapshotQuota(limit);
  }
}
