package org.vps.snapshots.application.work;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.application.port.JobStoppedException;
import org.vps.snapshots.application.port.WorkMonitor;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.operation.LeaseLostException;
import org.vps.snapshots.domain.operation.Operation;

/**
 * A worker does the operation a work record names: it claims the operation, does the work on the
 * backend under its lease (trying up to the policy's number of times), and ends it once. Every fact
 * comes from the operation's row, never from the record.
 */
@ApplicationScoped
public class RunOperation {
  private static final System.Logger LOG = System.getLogger(RunOperation.class.getName());

  private final OperationSteps steps;
  private final RunningJobs jobs;
  private final Hypervisor hypervisor;
  private final WorkPolicy policy;
  private final WorkMonitor monitor;

  @Inject
  public RunOperation(
      OperationSteps steps,
      RunningJobs jobs,
      Hypervisor hypervisor,
      WorkPolicy policy,
      WorkMonitor monitor) {
    this.steps = steps;
    this.jobs = jobs;
    this.hypervisor = hypervisor;
    this.policy = policy;
    this.monitor = monitor;
  }

  public WorkOutcome execute(OperationId id) {
    if (!jobs.accepting()) {
      return WorkOutcome.SKIPPED;
    }
    Optional<OperationSteps.Claimed> claimed = steps.claim(id, jobs.owner());
    if (claimed.isEmpty()) {
      return WorkOutcome.SKIPPED;
    }
    RunningJob job = jobs.start(claimed.get());
    try {
      return run(job);
    } catch (LeaseLostException e) {
      LOG.log(System.Logger.Level.WARNING, "operation {0}: {1}", id.value(), e.getMessage());
      return WorkOutcome.FENCED;
    } finally {
      jobs.finish(job);
    }
  }

  private WorkOutcome run(RunningJob job) {
    Operation operation = job.operation();
    while (true) {
      Hypervisor.Taken taken;
      try {
        job.startAttempt();
        taken = perform(operation, job);
      } catch (JobStoppedException stopped) {
        return stopped(job);
      } catch (LeaseLostException lost) {
        throw lost;
      } catch (RuntimeException failure) {
        Optional<WorkOutcome> over = afterFailedAttempt(job, failure);
        if (over.isPresent()) {
          return over.get();
        }
        continue;
      }
      steps.succeed(operation.id(), job.fence(), taken);
      return WorkOutcome.ENDED;
    }
  }

  /**
   * Records a failed try and waits before the next; answers how the work ended instead when no try
   * follows (every attempt used, or told to stop while waiting).
   */
  private Optional<WorkOutcome> afterFailedAttempt(RunningJob job, RuntimeException failure) {
    Operation operation = job.operation();
    monitor.attemptFailed(operation.kind().code(), job.attemptsMade(), failure);
    LOG.log(
        System.Logger.Level.WARNING,
        "operation {0} ({1}): an attempt failed: {2}",
        operation.id().value(),
        operation.kind().code(),
        failure.getMessage());
    if (job.attemptsMade() >= policy.maxAttempts()) {
      steps.fail(operation.id(), job.fence(), reason(operation, failure));
      return Optional.of(WorkOutcome.ENDED);
    }
    try {
      job.pause(policy.backoffAfter(job.attemptsMade()));
      return Optional.empty();
    } catch (JobStoppedException stopped) {
      return Optional.of(stopped(job));
    }
  }

  private Hypervisor.Taken perform(Operation operation, RunningJob job) {
    return switch (operation.kind()) {
      case SNAPSHOT -> {
        Hypervisor.Taken taken =
            hypervisor.takeSnapshot(operation.serverId(), operation.snapshotId(), job);
        long sizeMb = taken.sizeMb();
        if (sizeMb < 0) {
          // The backend's answer makes no sense: an attempt that failed, not a refused input.
          throw new HypervisorException(
              "the virtualization backend reported a negative size (" + sizeMb + " MB)");
        }
        yield taken;
      }
      case RESTORE -> {
        hypervisor.restoreSnapshot(
            operation.serverId(), operation.snapshotId(), job.serverWasRunning(), job);
        yield Endings.NOTHING_TAKEN;
      }
      case PURGE -> {
        hypervisor.deleteSnapshot(operation.serverId(), operation.snapshotId(), job);
        yield Endings.NOTHING_TAKEN;
      }
    };
  }

  private WorkOutcome stopped(RunningJob job) {
    OperationId id = job.operation().id();
    return switch (job.stop()) {
      case ASKED -> {
        steps.stopAsAsked(id, job.fence());
        yield WorkOutcome.ENDED;
      }
      case SHUTDOWN -> {
        steps.release(id, job.fence());
        yield WorkOutcome.RELEASED;
      }
      case LEASE_LOST -> WorkOutcome.FENCED;
    };
  }

  /** Why the work failed, in words fit for the customer. */
  private static String reason(Operation operation, RuntimeException failure) {
    String what =
        switch (operation.kind()) {
          case SNAPSHOT -> "The snapshot could not be taken: ";
          case RESTORE -> "The server could not be restored: ";
          case PURGE -> "The snapshot's data could not be removed: ";
        };
    String detail =
        failure instanceof HypervisorException
            ? failure.getMessage()
            : "an internal error occurred";
    return what + detail;
  }
}
