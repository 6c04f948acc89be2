package org.vps.snapshots.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.port.WebhookDoorbell;
import org.vps.snapshots.application.port.WebhookSender;
import org.vps.snapshots.application.webhook.DeliverWebhooks;
import org.vps.snapshots.domain.webhook.DeliveryStatus;

/**
 * This node's webhook sender: takes due deliveries as soon as it is rung (a new event, a
 * redelivery) or every poll interval (retries, other nodes' work), and sends them without holding a
 * thread per call. How many are in flight is bounded per endpoint (in the claim) and per node
 * (here), so that a slow endpoint holds a few of the node's sends, never all of them.
 */
@ApplicationScoped
public class WebhookDispatcher implements WebhookDoorbell {
  private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
  private static final int BATCH = 100;

  private final DeliverWebhooks deliver;
  private final WebhookSender sender;
  private final TransactionSynchronizationRegistry transactions;
  private final MeterRegistry metrics;
  private final boolean enabled;
  private final Duration pollInterval;
  private final Semaphore inFlight;
  private final Semaphore doorbell = new Semaphore(0);
  // Recording an attempt is a short transaction; a few threads keep up with many answers.
  private final ExecutorService recorder =
      Executors.newFixedThreadPool(
          4,
          task -> {
            Thread thread = new Thread(task, "webhook-recorder");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean running;
  private Thread loop;

  @Inject
  public WebhookDispatcher(
      DeliverWebhooks deliver,
      WebhookSender sender,
      TransactionSynchronizationRegistry transactions,
      MeterRegistry metrics,
      MessagingConfig config) {
    this.deliver = deliver;
    this.sender = sender;
    this.transactions = transactions;
    this.metrics = metrics;
    this.enabled = config.webhooks().enabled();
    this.pollInterval = config.webhooks().pollInterval();
    this.inFlight = new Semaphore(config.webhooks().maxInFlight());
  }

  void start(@Observes StartupEvent started) {
    if (!enabled) {
      return;
    }
    running = true;
    loop = new Thread(this::run, "webhook-dispatcher");
    loop.setDaemon(true);
    loop.start();
  }

  @Override
  public void ring() {
    if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
      transactions.registerInterposedSynchronization(
          new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
              if (status == Status.STATUS_COMMITTED) {
                doorbell.release();
              }
            }
          });
    } else {
      doorbell.release();
    }
  }

  private void run() {
    while (running) {
      try {
        doorbell.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        doorbell.drainPermits();
        while (running && sendDue() == BATCH) {
          // A full batch: more may be due.
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warnf("Webhook deliveries could not be taken: %s", e.getMessage());
      }
    }
  }

  private int sendDue() throws InterruptedException {
    int room = Math.min(BATCH, Math.max(1, inFlight.availablePermits()));
    List<DeliverWebhooks.Attempt> attempts = deliver.claimDue(room);
    for (DeliverWebhooks.Attempt attempt : attempts) {
      inFlight.acquire();
      sender
          .send(attempt.request())
          .whenComplete(
              (answer, failure) ->
                  recorder.execute(
                      () ->
                          finish(
                              attempt,
                              failure == null
                                  ? answer
                                  : WebhookSender.Answer.failed(
                                      String.valueOf(failure.getMessage()), Duration.ZERO))));
    }
    return attempts.size();
  }

  private void finish(DeliverWebhooks.Attempt attempt, WebhookSender.Answer answer) {
    try {
      DeliverWebhooks.Finished finished = deliver.finish(attempt, answer);
      String outcome =
          finished.status() == DeliveryStatus.DELIVERED
              ? "delivered"
              : finished.status() == DeliveryStatus.PENDING ? "retrying" : "failed";
      metrics.counter("snapshots.webhooks.deliveries", "outcome", outcome).increment();
      if (finished.status() == DeliveryStatus.DELIVERED) {
        metrics
            .timer("snapshots.webhooks.delivery.latency")
            .record(Duration.between(attempt.delivery().eventAt(), Instant.now()));
      }
      if (finished.endpointDisabled()) {
        metrics.counter("snapshots.webhooks.endpoints.disabled").increment();
        LOG.warnf(
            "Webhook endpoint %d is disabled: its deliveries failed for too long",
            attempt.delivery().endpointId().value());
      }
    } catch (RuntimeException e) {
      // The delivery stays held until its lease ends, then it is sent again: nothing is lost.
      LOG.warnf(
          "The attempt of delivery %d could not be recorded: %s",
          attempt.delivery().id().value(), e.getMessage());
    } finally {
      inFlight.release();
    }
  }

  void stop(@Observes ShutdownEvent stopping) {
    running = false;
    if (loop != null) {
      loop.interrupt();
    }
    recorder.shutdown();
    try {
      recorder.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
