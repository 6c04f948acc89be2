package org.vps.snapshots.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * How {@code operation-work} settles a record the worker did not finish. A record whose work
 * failed, or that names no operation, goes to the dead-letter topic and counts in {@code
 * snapshots.worker.dead.letters}. A record this node put down because it is stopping is neither
 * dead-lettered nor acknowledged: its offset stays uncommitted, so the next owner of its partition
 * reads it again and goes on with the work at once.
 */
@ApplicationScoped
@Identifier(WorkFailureStrategy.NAME)
public class WorkFailureStrategy implements KafkaFailureHandler.Factory {
  /** The name {@code failure-strategy} gives it in the channel's configuration. */
  public static final String NAME = "dead-letter-unless-stopping";

  private final KafkaFailureHandler.Factory deadLetterQueue;
  private final Counter deadLetters;

  @Inject
  public WorkFailureStrategy(
      @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE)
          KafkaFailureHandler.Factory deadLetterQueue,
      MeterRegistry metrics) {
    this.deadLetterQueue = deadLetterQueue;
    this.deadLetters = metrics.counter("snapshots.worker.dead.letters");
  }

  @Override
  public KafkaFailureHandler create(
      KafkaConnectorIncomingConfiguration config,
      Vertx vertx,
      KafkaConsumer<?, ?> consumer,
      BiConsumer<Throwable, Boolean> reportFailure) {
    KafkaFailureHandler toDeadLetters =
        deadLetterQueue.create(config, vertx, consumer, reportFailure);
    return new KafkaFailureHandler() {
      @Override
      public <K, V> Uni<Void> handle(
          IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
        if (putDownByAStoppingNode(reason)) {
          return Uni.createFrom().voidItem();
        }
        deadLetters.increment();
        return toDeadLetters.handle(record, reason, metadata);
      }

      @Override
      public void terminate() {
        toDeadLetters.terminate();
      }
    };
  }

  /**
   * Whether the record was given up because this node is stopping: the worker handed it back, or
   * the jobs' pool, already shut, refused to run it.
   */
  static boolean putDownByAStoppingNode(Throwable reason) {
    for (Throwable cause = reason; cause != null; cause = cause.getCause()) {
      if (cause instanceof OperationWorker.HandedBack
          || cause instanceof RejectedExecutionException) {
        return true;
      }
    }
    return false;
  }
}
