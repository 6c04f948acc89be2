package org.vps.snapshots.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.vps.snapshots.application.port.EventPublisher;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.event.SnapshotEvent;

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
  private final Map<EventType, Counter> publishedByType = new ConcurrentHashMap<>();
  private final Timer publishLag;
  private static final int REMEMBERED_LATE = 10_000;
  private final Map<Long, CompletableFuture<Void>> underWay = new HashMap<>();
  private final Set<Long> deliveredLate = new LinkedHashSet<>();

  @Inject
  public KafkaEventPublisher(
      @Channel("snapshot-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
          Emitter<String> events,
      @Channel("operation-work-out")
          @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
          Emitter<String> work,
      MessagingConfig config,
      MeterRegistry metrics) {
    this(events, work, config.events().source(), config.events().ackTimeout(), metrics);
  }

  KafkaEventPublisher(
      Emitter<String> events,
      Emitter<String> work,
      String source,
      Duration ackTimeout,
      MeterRegistry metrics) {
    this.metrics = metrics;
    this.publishLag = metrics.timer("snapshots.events.publish.lag");
    this.events = events;
    this.work = work;
    this.source = source;
    this.ackTimeout = ackTimeout;
  }

  /**
   * Sends a batch once the previous one settled: a send Kafka has neither acknowledged nor given up
   * may still arrive, and sending its message again beside it would make an outage of any length
   * multiply the duplicates. The producer gives up within {@code delivery.timeout.ms}, so {@code
   * ack-timeout} should exceed it; while earlier sends are still under way nothing new is sent, and
   * a message whose earlier send was acknowledged late counts as published without another send.
   */
  @Override
  public synchronized Delivery publish(List<Outbox.Pending> batch) {
    if (!settle(underWay.values())) {
      return Delivery.none(batch.size(), "earlier sends to Kafka are still under way");
    }
    underWay.forEach(
        (position, ack) -> {
          if (!ack.isCompletedExceptionally()) {
            deliveredLate.add(position);
          }
        });
    underWay.clear();
    List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
    for (Outbox.Pending pending : batch) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      acks.add(ack);
      if (deliveredLate.remove(pending.position())) {
        ack.complete(null);
        continue;
      }
      underWay.put(pending.position(), ack);
      try {
        if (pending.message() instanceof Outbox.Event event) {
          send(events, event.event(), ack);
        } else if (pending.message() instanceof Outbox.Notice notice) {
          send(notice, ack);
        } else {
          send((Outbox.Work) pending.message(), ack);
        }
      } catch (RuntimeException refused) {
        ack.completeExceptionally(refused);
      }
    }
    boolean settled = settle(acks);
    if (settled) {
      underWay.clear();
    }
    BitSet acknowledged = new BitSet(acks.size());
    String failure = settled ? null : "Kafka did not answer within " + ackTimeout;
    for (int i = 0; i < acks.size(); i++) {
      CompletableFuture<Void> ack = acks.get(i);
      if (ack.isDone() && !ack.isCompletedExceptionally()) {
        acknowledged.set(i);
      } else if (failure == null) {
        failure = "Kafka refused a message: " + cause(ack);
      }
    }
    trimDeliveredLate();
    return new Delivery(acknowledged, acks.size(), Optional.ofNullable(failure));
  }

  /** Forgets the oldest late acknowledgements beyond a bound; their messages may go out twice. */
  private void trimDeliveredLate() {
    while (deliveredLate.size() > REMEMBERED_LATE) {
      deliveredLate.remove(deliveredLate.iterator().next());
    }
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

  private void send(Outbox.Notice notice, CompletableFuture<Void> ack) {
    OutgoingKafkaRecordMetadata<String> kafka =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withKey(notice.key())
            .withHeaders(CloudEventHeaders.of(notice.notice(), source))
            .build();
    events.send(
        message(
            EventSchema.data(notice.notice()).toString(), kafka, () -> ack.complete(null), ack));
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

  /**
   * Counts the event and how long it waited between its change and Kafka's acknowledgement, on
   * meters looked up once: a lookup by name and tags for every event was a share of the relay.
   */
  private void published(SnapshotEvent event) {
    publishedByType
        .computeIfAbsent(
            event.type(),
            type -> metrics.counter("snapshots.events.published", "type", type.wireName()))
        .increment();
    publishLag.record(Duration.between(event.occurredAt(), Instant.now()));
  }

  /** Waits until every send was acknowledged or given up; false when some are still under way. */
  private boolean settle(Collection<CompletableFuture<Void>> acks) {
    try {
      CompletableFuture.allOf(
              acks.stream().map(a -> a.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
          .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String cause(CompletableFuture<Void> ack) {
    try {
      ack.join();
      return "none";
    } catch (CompletionException e) {
      return String.valueOf(e.getCause() == null ? e : e.getCause().getMessage());
    }
  }
}
