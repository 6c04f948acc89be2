package org.vps.snapshots.application.work;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The operations this node holds right now: one thread renews their leases, and a shutdown asks
 * each to give its operation back.
 */
@ApplicationScoped
public class RunningJobs {
  private final OperationSteps steps;
  private final WorkPolicy policy;
  private final String owner;
  private final Set<RunningJob> running = ConcurrentHashMap.newKeySet();
  private volatile boolean shuttingDown;
  private ScheduledExecutorService keeper;

  @Inject
  public RunningJobs(OperationSteps steps, WorkPolicy policy) {
    this.steps = steps;
    this.policy = policy;
    this.owner =
        ManagementFactory.getRuntimeMXBean().getName()
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
  }

  /** This node's name as a lease holder. */
  public String owner() {
    return owner;
  }

  /** Whether this node takes new work. */
  public boolean accepting() {
    return !shuttingDown;
  }

  /** How many operations this node holds. */
  public int count() {
    return running.size();
  }

  RunningJob start(OperationSteps.Claimed claimed) {
    RunningJob job = new RunningJob(claimed, steps, policy);
    running.add(job);
    if (shuttingDown) {
      job.stopFor(RunningJob.Stop.SHUTDOWN);
    }
    keeper();
    return job;
  }

  void finish(RunningJob job) {
    running.remove(job);
  }

  /**
   * Asks every job to give its operation back and waits up to {@code grace} for them; a restore
   * that is writing a disk finishes its write first. Answers how many were still running.
   */
  public int stopAll(Duration grace) {
    shuttingDown = true;
    running.forEach(job -> job.stopFor(RunningJob.Stop.SHUTDOWN));
    long until = System.nanoTime() + grace.toNanos();
    while (!running.isEmpty() && System.nanoTime() < until) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    synchronized (this) {
      if (keeper != null) {
        keeper.shutdownNow();
      }
    }
    return running.size();
  }

  private synchronized void keeper() {
    if (keeper != null) {
      return;
    }
    keeper =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "operation-leases");
              thread.setDaemon(true);
              return thread;
            });
    long every = policy.renewalInterval().toMillis();
    keeper.scheduleWithFixedDelay(
        () -> running.forEach(RunningJob::renew), every, every, TimeUnit.MILLISECONDS);
  }
}
