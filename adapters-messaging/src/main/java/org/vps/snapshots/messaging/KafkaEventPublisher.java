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
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.domain.SnapshotEvent;

/**
 * Publishes events to {@code snapshots.events} as CloudEvents, and work to the internal {@code
 * snapshots.work}, both keyed by server id, through idempotent producers with {@code acks=all}, and
 * waits until Kafka acknowledged every one.
 */
@ApplicationScoped
public class KafkaEventPublisher implements EventPublisher {
  private final Emitter<String> events;
  private final Emitter<String> work;
  private final String source;
  private final Duration ackTimeout;
  private final MeterRegistry metrics;

  @Inject
  public KafkaEventPublisher(
      @Channel("snapshot-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
          Emitter<String> events,
      @Channel("operation-work-out")
          @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
          Emitter<String> work,
      @ConfigProperty(name = "snapshots.events.source", defaultValue = "/vps/snapshots")
          String source,
      @ConfigProperty(name = "snapshots.events.ack-timeout", defaultValue = "45s")
          Duration ackTimeout,
      MeterRegistry metrics) {
    this.metrics = metrics;
    this.events = events;
    this.work = work;
    this.source = source;
    this.ackTimeout = ackTimeout;
  }

  @Override
  public void publish(List<Outbox.Message> messages) {
    List<CompletableFuture<Void>> acks = new ArrayList<>(messages.size());
    for (Outbox.Message message : messages) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      acks.add(ack);
      if (message instanceof Outbox.Event event) {
        send(events, event.event(), ack);
      } else {
        send((Outbox.Work) message, ack);
      }
    }
    awaitAll(acks);
  }

  private void send(Emitter<String> emitter, SnapshotEvent event, CompletableFuture<Void> ack) {
    OutgoingKafkaRecordMetadata<String> kafka =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withKey(Long.toString(event.serverId().value()))
            .withHeaders(CloudEventHeaders.of(event, source))
            .build();
    emitter.send(
        message(
            EventSchema.data(event).toString(),
            kafka,
            () -> {
              published(event);
              ack.complete(null);
            },
            ack));
  }

  /** Work for the workers: the key is the server, the value the operation's id, nothing else. */
  private void send(Outbox.Work item, CompletableFuture<Void> ack) {
    OutgoingKafkaRecordMetadata<String> kafka =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withKey(Long.toString(item.server().value()))
            .build();
    work.send(
        message(Long.toString(item.operation().value()), kafka, () -> ack.complete(null), ack));
  }

  private static Message<String> message(
      String value,
      OutgoingKafkaRecordMetadata<String> kafka,
      Runnable acknowledged,
      CompletableFuture<Void> ack) {
    return Message.of(
        value,
        Metadata.of(kafka),
        () -> {
          acknowledged.run();
          return CompletableFuture.completedFuture(null);
        },
        failure -> {
          ack.completeExceptionally(failure);
          return CompletableFuture.completedFuture(null);
        });
  }

  /** Counts the event and how long it waited between its change and Kafka's acknowledgement. */
  private void published(SnapshotEvent event) {
    metrics.counter("snapshots.events.published", "type", event.type().wireName()).increment();
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
