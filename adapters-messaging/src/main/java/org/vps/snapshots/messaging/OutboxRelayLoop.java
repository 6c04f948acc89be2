package org.vps.snapshots.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.outbox.RelayOutbox;
import org.vps.snapshots.application.port.OutboxSignal;

/**
 * Drains the outbox to Kafka on a thread of its own, one partition at a time: at once while events
 * wait, and when it finds none it can claim, as soon as a transaction appends to the outbox (or
 * every poll interval, where that cannot be heard). Relays on several nodes publish different
 * partitions at once. While Kafka is unreachable the events stay in the outbox and the loop retries
 * with a growing pause, logging once per outage.
 */
@ApplicationScoped
public class OutboxRelayLoop {
  private static final Logger LOG = Logger.getLogger(OutboxRelayLoop.class);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

  private final RelayOutbox relay;
  private final OutboxSignal signal;
  private final int batchSize;
  private final Duration pollInterval;
  private final boolean enabled;
  private volatile boolean running;
  private Thread thread;

  @Inject
  public OutboxRelayLoop(RelayOutbox relay, OutboxSignal signal, MessagingConfig config) {
    this.enabled = config.outbox().relay().enabled();
    this.relay = relay;
    this.signal = signal;
    this.batchSize = config.outbox().batchSize();
    this.pollInterval = config.outbox().pollInterval();
  }

  void start(@Observes StartupEvent started) {
    if (!enabled) {
      return;
    }
    running = true;
    thread = new Thread(this::loop, "outbox-relay");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.interrupt();
      thread.join(Duration.ofSeconds(10).toMillis());
    }
  }

  private void loop() {
    Duration pause = Duration.ZERO;
    while (running) {
      try {
        RelayOutbox.Relayed relayed = relay.execute(batchSize);
        if (relayed.failure().isPresent()) {
          if (pause.isZero()) {
            LOG.warnf(
                "Events wait in the outbox until Kafka takes them: %s", relayed.failure().get());
          }
          pause = longer(pause);
          sleep(pause);
          continue;
        }
        if (!pause.isZero()) {
          LOG.info("Events flow to Kafka again");
          pause = Duration.ZERO;
        }
        if (relayed.foundNone()) {
          awaitNewMessages();
        }
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        if (pause.isZero()) {
          LOG.warnf("The outbox cannot be read: %s", e.getMessage());
        }
        pause = longer(pause);
        sleep(pause);
      }
    }
  }

  private static Duration longer(Duration pause) {
    return pause.isZero() ? Duration.ofMillis(500) : min(pause.multipliedBy(2), LONGEST_PAUSE);
  }

  /** Until a transaction appended messages, or the poll interval passed. */
  private void awaitNewMessages() {
    try {
      signal.await(pollInterval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
