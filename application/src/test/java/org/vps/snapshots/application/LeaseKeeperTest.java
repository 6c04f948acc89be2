package org.vps.snapshots.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.fake.InMemoryStore;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.JobStoppedException;
import org.vps.snapshots.application.port.WorkMonitor;
import org.vps.snapshots.application.work.OperationSteps;
import org.vps.snapshots.application.work.RunOperation;
import org.vps.snapshots.application.work.RunningJobs;
import org.vps.snapshots.application.work.WorkOutcome;
import org.vps.snapshots.application.work.WorkPolicy;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.operation.OperationState;

/** The lease keeper on real time: a long step hears a stop request at the next renewal. */
class LeaseKeeperTest {
  static final WorkMonitor UNWATCHED = (work, attempt, failure) -> {};

  final InMemoryStore store = new InMemoryStore();
  final WorkPolicy policy =
      new WorkPolicy(
          3, Duration.ZERO, Duration.ofMillis(600), Duration.ofMinutes(30), Duration.ZERO);
  final OperationSteps steps =
      new OperationSteps(
          store.operations,
          store.servers,
          store.snapshots,
          store.outboxPort,
          policy,
          Clock.systemUTC());
  final RunningJobs jobs = new RunningJobs(steps, policy);

  /** A backend that only takes snapshots, the way {@code takeSnapshot} says. */
  interface SnapshotsOnly extends Hypervisor {
    @Override
    default void restoreSnapshot(ServerId s, SnapshotId n, boolean r, Job job) {}

    @Override
    default void deleteSnapshot(ServerId s, SnapshotId n, Job job) {}

    @Override
    default List<Stored> stored(Set<Host> hosts) {
      return List.of();
    }

    @Override
    default int removeLeftovers(Duration age) {
      return 0;
    }
  }

  /** A backend whose snapshot runs until its job must stop. */
  final Hypervisor endless =
      (SnapshotsOnly)
          (server, snapshot, job) -> {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < until) {
              if (job.mustStop(true)) {
                throw new JobStoppedException("asked");
              }
              Thread.onSpinWait();
            }
            return Hypervisor.Taken.ofSize(1);
          };

  final RunOperation runOperation = new RunOperation(steps, jobs, endless, policy, UNWATCHED);

  @Test
  void aLongStepHearsAStopRequestAtItsNextRenewalAndItsHolderEndsTheOperation() throws Exception {
    OperationId snapshot = store.operations.nextId();
    store.operations.add(
        Operation.queue(
            snapshot,
            OperationKind.SNAPSHOT,
            new AccountId(7),
            new ServerId(12346),
            null,
            new SnapshotId(802),
            java.time.Instant.now(),
            Duration.ofMinutes(30)));
    CompletableFuture<WorkOutcome> outcome =
        CompletableFuture.supplyAsync(() -> runOperation.execute(snapshot));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> store.storedOperation(snapshot).state() == OperationState.RUNNING);
    // Held well past its first lease: the keeper renews it.
    await()
        .pollDelay(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(20))
        .until(() -> store.storedOperation(snapshot).leaseLive(java.time.Instant.now()));

    Operation running = store.storedOperation(snapshot);
    running.askToStop(Operation.StopRequest.DEADLINE, "late", java.time.Instant.now());
    store.operations.update(running);

    assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(WorkOutcome.ENDED);
    assertThat(store.storedOperation(snapshot).state()).isEqualTo(OperationState.FAILED);
    assertThat(store.storedOperation(snapshot).error())
        .hasValue("The operation did not finish within 30 minutes.");
  }

  @Test
  void aWorkerStoppedWhileItWaitsToRetryGivesTheOperationBackAndSaysSo() throws Exception {
    WorkPolicy patient =
        new WorkPolicy(
            3,
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofMinutes(30),
            Duration.ZERO);
    OperationSteps patientSteps =
        new OperationSteps(
            store.operations,
            store.servers,
            store.snapshots,
            store.outboxPort,
            patient,
            Clock.systemUTC());
    RunningJobs patientJobs = new RunningJobs(patientSteps, patient);
    Hypervisor failing =
        (SnapshotsOnly)
            (server, snapshot, job) -> {
              throw new org.vps.snapshots.application.port.HypervisorException("storage busy");
            };
    RunOperation retrying =
        new RunOperation(patientSteps, patientJobs, failing, patient, UNWATCHED);
    OperationId snapshot = store.operations.nextId();
    store.operations.add(
        Operation.queue(
            snapshot,
            OperationKind.SNAPSHOT,
            new AccountId(7),
            new ServerId(12347),
            null,
            new SnapshotId(803),
            java.time.Instant.now(),
            Duration.ofMinutes(30)));
    CompletableFuture<WorkOutcome> outcome =
        CompletableFuture.supplyAsync(() -> retrying.execute(snapshot));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> store.storedOperation(snapshot).attempt() == 1 && patientJobs.count() == 1);

    patientJobs.stopAll(Duration.ofSeconds(5));

    assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo(WorkOutcome.RELEASED);
    assertThat(store.storedOperation(snapshot).state()).isEqualTo(OperationState.QUEUED);
  }
}
