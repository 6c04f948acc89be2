package org.vps.snapshots.deploy;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.idempotency.ForgetExpiredIdempotencyKeys;
import org.vps.snapshots.application.schedule.FireSchedules;
import org.vps.snapshots.application.work.ReconcileBackend;
import org.vps.snapshots.application.work.SuperviseOperations;

/**
 * The periodic work of every node: supervising operations their holders cannot (expired leases,
 * deadlines, lost doorbells), reconciling the backend with the database, and forgetting expired
 * idempotency keys. Each is safe on several replicas at once.
 */
@ApplicationScoped
public class Housekeeping {
  private static final Logger LOG = Logger.getLogger(Housekeeping.class);

  private final SuperviseOperations supervise;
  private final ReconcileBackend reconcile;
  private final ForgetExpiredIdempotencyKeys forgetExpiredKeys;
  private final FireSchedules fireSchedules;
  private final MeterRegistry metrics;
  private final Duration orphanGrace;
  private final boolean workers;
  private final BooleanSupplier containerRunning;
  private volatile boolean stopping;

  @Inject
  public Housekeeping(
      SuperviseOperations supervise,
      ReconcileBackend reconcile,
      ForgetExpiredIdempotencyKeys forgetExpiredKeys,
      FireSchedules fireSchedules,
      MeterRegistry metrics,
      ServiceConfig config) {
    this(
        supervise,
        reconcile,
        forgetExpiredKeys,
        fireSchedules,
        metrics,
        config.reconcile().grace(),
        config.workers().enabled(),
        Housekeeping::containerRunning);
  }

  Housekeeping(
      SuperviseOperations supervise,
      ReconcileBackend reconcile,
      ForgetExpiredIdempotencyKeys forgetExpiredKeys,
      FireSchedules fireSchedules,
      MeterRegistry metrics,
      Duration orphanGrace,
      boolean workers,
      BooleanSupplier containerRunning) {
    this.supervise = supervise;
    this.reconcile = reconcile;
    this.forgetExpiredKeys = forgetExpiredKeys;
    this.fireSchedules = fireSchedules;
    this.metrics = metrics;
    this.orphanGrace = orphanGrace;
    this.workers = workers;
    this.containerRunning = containerRunning;
  }

  @Scheduled(
      every = "${snapshots.deadline-sweep-interval}",
      delayed = "${snapshots.deadline-sweep-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void supervise() {
    untilShutdown(
        () -> {
          int ended = supervise.execute();
          if (ended > 0) {
            LOG.warnf("Ended %d operations that their workers could not end", ended);
          }
        });
  }

  /**
   * Backend data no snapshot wants is purged after the grace period; partial files go too. Only
   * worker nodes see the backend.
   */
  @Scheduled(
      every = "${snapshots.reconcile.interval}",
      delayed = "${snapshots.reconcile.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void reconcile() {
    if (workers) {
      untilShutdown(this::reconcileNow);
    }
  }

  private void reconcileNow() {
    ReconcileBackend.Result result = reconcile.execute(orphanGrace);
    metrics.counter("snapshots.reconcile.orphans.found").increment(result.orphans());
    metrics.counter("snapshots.reconcile.purges.queued").increment(result.purgesQueued());
    metrics.counter("snapshots.reconcile.leftovers.removed").increment(result.leftoversRemoved());
    if (result.purgesQueued() > 0 || result.leftoversRemoved() > 0) {
      LOG.infof(
          "Reconciled the backend: %d orphaned snapshots queued for removal, %d leftover files"
              + " removed",
          result.purgesQueued(), result.leftoversRemoved());
    }
  }

  /**
   * The customers' snapshot schedules: every node fires the due ones, each claimed in PostgreSQL so
   * that a tick fires once however many nodes look.
   */
  @Scheduled(
      every = "${snapshots.schedules.interval}",
      delayed = "${snapshots.schedules.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void fireSchedules() {
    untilShutdown(
        () -> {
          int fired = fireSchedules.execute();
          metrics.counter("snapshots.schedules.fired").increment(fired);
        });
  }

  /** Answers kept for idempotency keys go once their 24 hours are over. */
  @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void forgetExpiredIdempotencyKeys() {
    untilShutdown(forgetExpiredKeys::execute);
  }

  void stopping(@Observes ShutdownEvent event) {
    stopping = true;
  }

  /**
   * Runs a task unless the node is stopping; one the shutdown cut off (its database pool or session
   * closing under it) ends quietly, since the next node to run it does its work again. The flag
   * alone is not enough: a tick that fires after the container has shut down meets a fresh instance
   * of this bean, whose flag was never set, so the container's own state is asked too.
   */
  private void untilShutdown(Runnable task) {
    if (nodeStopping()) {
      return;
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      if (!nodeStopping()) {
        throw e;
      }
      LOG.debugf("A periodic task stopped with the node: %s", e.getMessage());
    }
  }

  private boolean nodeStopping() {
    return stopping || !containerRunning.getAsBoolean();
  }

  private static boolean containerRunning() {
    ArcContainer container = Arc.container();
    return container != null && container.isRunning();
  }
}
