package org.vps.snapshots.deploy;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.FailOverdueOperations;
import org.vps.snapshots.application.ForgetExpiredIdempotencyKeys;

/**
 * Periodically ends as failed the operations that outlived {@code snapshots.operation-deadline}.
 */
@ApplicationScoped
public class Housekeeping {
  private static final Logger LOG = Logger.getLogger(Housekeeping.class);

  private final FailOverdueOperations failOverdue;
  private final ForgetExpiredIdempotencyKeys forgetExpiredKeys;

  @Inject
  public Housekeeping(
      FailOverdueOperations failOverdue, ForgetExpiredIdempotencyKeys forgetExpiredKeys) {
    this.failOverdue = failOverdue;
    this.forgetExpiredKeys = forgetExpiredKeys;
  }

  @Scheduled(
      every = "${snapshots.deadline-sweep-interval}",
      delayed = "${snapshots.deadline-sweep-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweep() {
    int ended = failOverdue.execute();
    if (ended > 0) {
      LOG.warnf("Ended %d operations that passed their deadline as failed", ended);
    }
  }

  /** Answers kept for idempotency keys go once their 24 hours are over. */
  @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void forgetExpiredIdempotencyKeys() {
    forgetExpiredKeys.execute();
  }
}
