package org.vps.snapshots.deploy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.vps.snapshots.application.ReadOutboxBacklog;
import org.vps.snapshots.application.port.Outbox;

/**
 * The outbox backlog, for metrics and readiness: a node whose events pile up (Kafka gone, relay
 * stuck) stops taking traffic once the backlog or its age passes the configured bound.
 */
@Readiness
@ApplicationScoped
public class OutboxWatch implements HealthCheck {
  private static final Duration FRESH_FOR = Duration.ofSeconds(1);

  private final ReadOutboxBacklog readBacklog;
  private final Clock clock;
  private final long maxBacklog;
  private final Duration maxAge;
  private volatile Outbox.Backlog last;
  private volatile Instant readAt = Instant.MIN;

  @Inject
  public OutboxWatch(
      ReadOutboxBacklog readBacklog,
      Clock clock,
      @ConfigProperty(name = "snapshots.health.outbox.max-backlog") long maxBacklog,
      @ConfigProperty(name = "snapshots.health.outbox.max-age") Duration maxAge) {
    this.readBacklog = readBacklog;
    this.clock = clock;
    this.maxBacklog = maxBacklog;
    this.maxAge = maxAge;
  }

  void registerMetrics(@Observes StartupEvent started, MeterRegistry metrics) {
    Gauge.builder("snapshots.outbox.backlog", this, watch -> watch.backlog().count())
        .description("Events waiting in the outbox")
        .register(metrics);
    Gauge.builder(
            "snapshots.outbox.oldest.age.seconds",
            this,
            watch -> watch.oldestAge().toMillis() / 1000.0)
        .description("How long the oldest waiting event has waited")
        .register(metrics);
  }

  @Override
  public HealthCheckResponse call() {
    Outbox.Backlog backlog = backlog();
    Duration age = oldestAge();
    boolean healthy = backlog.count() <= maxBacklog && age.compareTo(maxAge) <= 0;
    return HealthCheckResponse.named("outbox")
        .status(healthy)
        .withData("backlog", backlog.count())
        .withData("oldest_age_seconds", age.toSeconds())
        .withData("max_backlog", maxBacklog)
        .withData("max_age_seconds", maxAge.toSeconds())
        .build();
  }

  private Outbox.Backlog backlog() {
    Instant now = clock.instant();
    if (last == null || readAt.plus(FRESH_FOR).isBefore(now)) {
      last = readBacklog.execute();
      readAt = now;
    }
    return last;
  }

  private Duration oldestAge() {
    return backlog()
        .oldest()
        .map(oldest -> Duration.between(oldest, clock.instant()))
        .filter(age -> !age.isNegative())
        .orElse(Duration.ZERO);
  }
}
