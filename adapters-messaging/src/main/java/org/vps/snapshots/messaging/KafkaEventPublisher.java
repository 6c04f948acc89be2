package org.vps.snapshots.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.vps.snapshots.application.port.EventPublisher;
import org.vps.snapshots.domain.SnapshotEvent;

/**
 * Publishes events to {@code snapshots.events} as CloudEvents keyed by server id, through an
 * idempotent producer with {@code acks=all}, and waits until Kafka acknowledged every one.
 */
@ApplicationScoped
public class KafkaEventPublisher implements EventPublisher {
  private final Emitter<String> emitter;
  private final String source;
  private final Duration ackTimeout;
  private final MeterRegistry metrics;

  @Inject
  public KafkaEventPublisher(
      @Channel("snapshot-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
          Emitter<String> emitter,
      @ConfigProperty(name = "snapshots.events.source", defaultValue = "/vps/snapshots")
          String source,
      @ConfigProperty(name = "snapshots.events.ack-timeout", defaultValue = "45s")
          Duration ackTimeout,
      MeterRegistry metrics) {
    this.metrics = metrics;
    this.emitter = emitter;
    this.source = source;
    this.ackTimeout = ackTimeout;
  }

  @Override
  public void publish(List<SnapshotEvent> events) {
    List<CompletableFuture<Void>> acks = new ArrayList<>(events.size());
    for (SnapshotEvent event : events) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      acks.add(ack);
      OutgoingKafkaRecordMetadata<String> kafka =
          OutgoingKafkaRecordMetadata.<String>builder()
              .withKey(Long.toString(event.serverId().value()))
              .withHeaders(CloudEventHeaders.of(event, source))
              .build();
      emitter.send(
          Message.of(
              EventSchema.data(event).toString(),
              Metadata.of(kafka),
              () -> {
                published(event);
                ack.complete(null);
                return CompletableFuture.completedFuture(null);
              },
              failure -> {
                ack.completeExceptionally(failure);
                return CompletableFuture.completedFuture(null);
              }));
    }
    awaitAll(acks);
  }

  /** Counts the event and how long it waited between its change and Kafka's acknowledgement. */
  private void published(SnapshotEvent event) {
    metrics.counter("snapshots.events.published", "type", event.type()).increment();
    metrics
        .timer("snapshots.events.publish.lag")
        .record(Duration.between(event.occurredAt(), Instant.now()));
  }

  private void awaitAll(List<CompletableFuture<Void>> acks) {
    try {
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
          .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new EventsNotPublishedException(
          "Kafka refused an event: " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new EventsNotPublishedException("Kafka did not acknowledge within " + ackTimeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventsNotPublishedException("interrupted while publishing", e);
    }
  }

  /** Events that may not have reached Kafka; they stay in the outbox for the next run. */
  public static class EventsNotPublishedException extends RuntimeException {
    EventsNotPublishedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
