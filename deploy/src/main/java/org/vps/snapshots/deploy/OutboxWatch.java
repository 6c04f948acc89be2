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
import org.vps.snapshots.application.outbox.ReadOutboxBacklog;
import org.vps.snapshots.application.port.Outbox;

/**
 * The outbox backlog as metrics: how many events wait and how long the oldest has waited. It is
 * deliberately not part of readiness: a Kafka outage is what the outbox absorbs, and every API
 * replica turning unready at once would take the API down in that very outage. Alert on these
 * instead ({@code deploy/k8s/alerts/snapshots-rules.yaml}).
 */
@ApplicationScoped
public class OutboxWatch {
  private static final Duration FRESH_FOR = Duration.ofSeconds(1);

  private final ReadOutboxBacklog readBacklog;
  private final Clock clock;
  private volatile Outbox.Backlog last;
  private volatile Instant readAt = Instant.MIN;

  @Inject
  public OutboxWatch(ReadOutboxBacklog readBacklog, Clock clock) {
    this.readBacklog = readBacklog;
    this.clock = clock;
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
    Gauge.builder("snapshots.outbox.quarantined", this, watch -> watch.backlog().quarantined())
        .description("Outbox messages set aside because they could not be read back")
        .register(metrics);
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
