package org.vps.snapshots.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.vps.snapshots.application.work.RunOperation;
import org.vps.snapshots.application.work.RunningJobs;
import org.vps.snapshots.application.work.WorkOutcome;
import org.vps.snapshots.domain.OperationId;

/**
 * Consumes the internal {@code snapshots.work} as group {@code snapshot-workers}. A record only
 * names an operation (key: server id, value: operation id); everything the worker does comes from
 * the operation's row. A record is acknowledged once the worker is done with it; one it cannot
 * read, or whose work threw, goes to the dead-letter topic (the operation itself is looked after by
 * the supervisor). A node that is stopping hands back the records it did not finish: they stay
 * uncommitted for the next worker ({@link WorkFailureStrategy}). The public {@code
 * snapshots.events} is never read as a command.
 */
@ApplicationScoped
public class OperationWorker {
  private static final Logger LOG = Logger.getLogger(OperationWorker.class);
  static final String OPERATION_MDC_KEY = "operation_id";

  /**
   * Jobs run on a pool of their own, as many at once as {@code
   * smallrye.messaging.worker.snapshot-jobs.max-concurrency} allows: a backlog of work waits in
   * Kafka instead of taking the threads and connections that requests need.
   */
  static final String JOB_POOL = "snapshot-jobs";

  private final RunOperation runOperation;
  private final RunningJobs jobs;
  private final MeterRegistry metrics;
  private final Duration shutdownGrace;

  @Inject
  public OperationWorker(
      RunOperation runOperation, RunningJobs jobs, MeterRegistry metrics, MessagingConfig config) {
    this.runOperation = runOperation;
    this.jobs = jobs;
    this.metrics = metrics;
    this.shutdownGrace = config.worker().shutdownGrace();
  }

  /**
   * Does the work of one record. The answer fails, without anything logged, only for a record this
   * node hands back because it is stopping; work that threw throws, and is logged as an error.
   */
  @Incoming("operation-work")
  @Blocking(value = JOB_POOL, ordered = false)
  public CompletionStage<Void> work(ConsumerRecord<String, String> record) {
    OperationId id = operationId(record.value());
    Timer.Sample started = Timer.start(metrics);
    String outcome = "failed";
    // Every log line of the work, the backend's included, names the operation.
    MDC.put(OPERATION_MDC_KEY, "operation " + id.value());
    try {
      WorkOutcome done = runOperation.execute(id);
      outcome = done.name().toLowerCase();
      LOG.debugf("operation %d: %s", id.value(), outcome);
      if (done == WorkOutcome.RELEASED || (done == WorkOutcome.SKIPPED && !jobs.accepting())) {
        return CompletableFuture.failedStage(new HandedBack(id));
      }
      return CompletableFuture.completedStage(null);
    } finally {
      MDC.remove(OPERATION_MDC_KEY);
      started.stop(metrics.timer("snapshots.worker.operations", "outcome", outcome));
    }
  }

  /** A node going down gives its operations back, so that another worker goes on with them. */
  void stop(@Observes ShutdownEvent stopping) {
    int left = jobs.stopAll(shutdownGrace);
    if (left > 0) {
      LOG.warnf(
          "%d operations were still running at shutdown; their leases expire and another worker"
              + " takes them over",
          left);
    }
  }

  /**
   * The record of an operation this node gave back, or did not start, because it is stopping: the
   * record stays unacknowledged so that the next owner of its partition reads it again.
   */
  static final class HandedBack extends RuntimeException {
    HandedBack(OperationId id) {
      super("operation " + id.value() + " handed back by a stopping node", null, false, false);
    }
  }

  private static OperationId operationId(String value) {
    try {
      return new OperationId(Long.parseLong(value == null ? "" : value.strip()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a work record must name an operation by its id", e);
    }
  }
}
