package org.vps.snapshots.application.work;

import java.time.Duration;
import java.util.Optional;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.JobStoppedException;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.operation.LeaseLostException;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;

/**
 * One operation this node holds, as the backend sees it: it renews the lease, writes progress at
 * most once per interval, and tells the backend when to stop and why.
 */
final class RunningJob implements Hypervisor.Job {
  private static final System.Logger LOG = System.getLogger(RunningJob.class.getName());

  /** Why the job must stop. */
  enum Stop {
    /** Another worker took the operation over (or it ended without us): write nothing, leave. */
    LEASE_LOST,
    /** Someone asked (deadline, cancel): the holder ends the operation itself. */
    ASKED,
    /** This node shuts down: the operation goes back to the queue. */
    SHUTDOWN
  }

  private final Operation operation;
  private final boolean serverWasRunning;
  private final OperationSteps steps;
  private final WorkPolicy policy;
  private volatile Stop stop;
  private volatile long lastRenewal = System.nanoTime();
  private int reportedProgress;
  private int pendingProgress;
  private long lastProgressWrite = System.nanoTime();
  private volatile int attemptsMade;
  private boolean attemptBegunByClaim = true;
  private long lastStepCheck;

  RunningJob(OperationSteps.Claimed claimed, OperationSteps steps, WorkPolicy policy) {
    this.operation = claimed.operation();
    this.serverWasRunning = claimed.serverWasRunning();
    this.steps = steps;
    this.policy = policy;
    this.attemptsMade = operation.attempt();
    this.lastStepCheck = claimed.checkedAt();
  }

  Operation operation() {
    return operation;
  }

  long fence() {
    return operation.fence();
  }

  /** For a restore: whether the server ran before it, so that it is started again after. */
  boolean serverWasRunning() {
    return serverWasRunning;
  }

  /** Tries made at the operation so far, on any worker. */
  int attemptsMade() {
    return attemptsMade;
  }

  /** Why the job stopped; null while it may go on. */
  Stop stop() {
    return stop;
  }

  @Override
  public Optional<Host> host() {
    return operation.host();
  }

  @Override
  public void progress(int percent) {
    throwIfStopped(false);
    pendingProgress = Math.max(pendingProgress, percent);
    long now = System.nanoTime();
    if (pendingProgress > reportedProgress
        && now - lastProgressWrite >= policy.progressInterval().toNanos()) {
      lastProgressWrite = now;
      reportedProgress = pendingProgress;
      guarded(() -> heard(steps.progress(operation.id(), fence(), reportedProgress)));
    }
  }

  /**
   * Checks, under the server's work lock, that the lease is still held before a disk changes. A
   * check younger than {@link WorkPolicy#stepCheckValidity()} (the claim's, typically) stands for
   * it, except before a restore writes: that moment must be recorded.
   */
  @Override
  public void beforeChange() {
    throwIfStopped(true);
    long now = System.nanoTime();
    if (operation.kind() != OperationKind.RESTORE
        && now - lastStepCheck < policy.stepCheckValidity().toNanos()) {
      return;
    }
    guarded(() -> heard(steps.startStep(operation.id(), operation.serverId(), fence())));
    lastStepCheck = now;
    throwIfStopped(true);
  }

  @Override
  public boolean mustStop(boolean interruptible) {
    Stop why = stop;
    return why == Stop.LEASE_LOST || (interruptible && why != null);
  }

  /**
   * Begins a try at the work (the first began with the claim); throws {@link JobStoppedException}
   * when it must not.
   */
  void startAttempt() {
    throwIfStopped(true);
    if (attemptBegunByClaim) {
      attemptBegunByClaim = false;
      return;
    }
    guarded(
        () -> {
          Operation now = steps.startAttempt(operation.id(), fence());
          heard(now);
          attemptsMade = now.attempt();
        });
    throwIfStopped(true);
  }

  /** Waits before the next try, stopping as soon as it is told to. */
  void pause(Duration pause) {
    long until = System.nanoTime() + pause.toNanos();
    while (System.nanoTime() < until) {
      throwIfStopped(true);
      try {
        Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopFor(Stop.SHUTDOWN);
      }
    }
    throwIfStopped(true);
  }

  /**
   * Keeps the lease. When the store cannot be reached for longer than the lease, the lease must be
   * taken as lost: another worker may already hold the operation.
   */
  void renew() {
    if (stop == Stop.LEASE_LOST) {
      return;
    }
    try {
      heard(steps.renew(operation.id(), fence()));
      lastRenewal = System.nanoTime();
    } catch (LeaseLostException e) {
      stopFor(Stop.LEASE_LOST);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "operation {0}: the lease could not be renewed: {1}",
          operation.id().value(),
          e.getMessage());
      if (System.nanoTime() - lastRenewal > policy.leaseTime().toNanos()) {
        stopFor(Stop.LEASE_LOST);
      }
    }
  }

  void stopFor(Stop why) {
    if (stop == null || why == Stop.LEASE_LOST) {
      stop = why;
    }
  }

  private void heard(Operation latest) {
    if (latest.stopRequest().isPresent()) {
      stopFor(Stop.ASKED);
    }
  }

  private void guarded(Runnable step) {
    try {
      step.run();
    } catch (LeaseLostException e) {
      stopFor(Stop.LEASE_LOST);
      throw new JobStoppedException(e.getMessage());
    }
  }

  private void throwIfStopped(boolean interruptible) {
    if (mustStop(interruptible)) {
      throw new JobStoppedException(
          "operation " + operation.id().value() + " stops: " + stop.name().toLowerCase());
    }
  }
}
