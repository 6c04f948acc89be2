package org.vps.snapshots.deploy;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.FailOverdueOperations;

/**
 * Periodically ends as failed the operations that outlived {@code snapshots.operation-deadline}.
 */
@ApplicationScoped
public class DeadlineSweepJob {
  private static final Logger LOG = Logger.getLogger(DeadlineSweepJob.class);

  private final FailOverdueOperations failOverdue;

  @Inject
  public DeadlineSweepJob(FailOverdueOperations failOverdue) {
    this.failOverdue = failOverdue;
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
}
