package org.vps.snapshots.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.outbox.RelayOutbox;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.snapshot.DeleteSnapshot;
import org.vps.snapshots.application.snapshot.RestoreSnapshot;
import org.vps.snapshots.application.work.ReconcileBackend;
import org.vps.snapshots.application.work.WorkOutcome;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.event.RestoreCompleted;
import org.vps.snapshots.domain.event.RestoreFailed;
import org.vps.snapshots.domain.event.SnapshotEvent;
import org.vps.snapshots.domain.operation.LeaseLostException;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.operation.OperationState;
import org.vps.snapshots.domain.snapshot.Consistency;
import org.vps.snapshots.domain.snapshot.ServerStatus;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;

class WorkersTest {
  final UseCases app = new UseCases();
  final AccountId acme = app.account("acme");
  final ServerId web = app.server(acme, 12345, ServerStatus.RUNNING);

  Snapshot stored(SnapshotId id) {
    return app.store.storedSnapshot(id).orElseThrow();
  }

  OperationId restore(SnapshotId from) {
    return app.restoreSnapshot.execute(new RestoreSnapshot.Command(acme, from)).operation().id();
  }

  /** Another worker holds the operation, as a real one would between its claim and its end. */
  Operation claimedElsewhere(OperationId id) {
    return app.steps.claim(id, "worker-elsewhere").orElseThrow().operation();
  }

  /** The clock moves past the lease and the supervisor takes the operation from its holder. */
  void holderVanishes(Duration past) {
    app.clock.advance(past);
    app.supervise.execute();
  }

  @Test
  void aSnapshotIsTakenOnTheBackendAndCompletedWithItsSize() {
    app.hypervisor.answerSize(5120);
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    OperationId operation = app.operationOf(id, OperationKind.SNAPSHOT);

    assertThat(app.runOperation.execute(operation)).isEqualTo(WorkOutcome.ENDED);

    assertThat(stored(id).status()).isEqualTo(SnapshotStatus.COMPLETED);
    assertThat(stored(id).sizeMb()).hasValue(5120);
    assertThat(app.stored(operation).state()).isEqualTo(OperationState.SUCCEEDED);
    assertThat(app.stored(operation).progress()).isEqualTo(100);
    assertThat(app.stored(operation).attempt()).isEqualTo(1);
    assertThat(app.hypervisor.calls()).containsExactly("snapshot 12345/" + id.value());
    assertThat(stored(id).consistency()).isEmpty();
  }

  @Test
  void aSnapshotRecordsWhatItsBackendSaysARestoreBringsBack() {
    app.hypervisor.reports(Consistency.CRASH_CONSISTENT);
    SnapshotId id = app.create(acme, web, "s").snapshot().id();

    app.runOperation.execute(app.operationOf(id, OperationKind.SNAPSHOT));

    assertThat(stored(id).status()).isEqualTo(SnapshotStatus.COMPLETED);
    assertThat(stored(id).consistency()).contains(Consistency.CRASH_CONSISTENT);
  }

  @Test
  void progressFromTheBackendIsShownOnTheOperationAndTheSnapshotWhileInProgress() {
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    Operation held = claimedElsewhere(app.operationOf(id, OperationKind.SNAPSHOT));

    app.steps.progress(held.id(), held.fence(), 40);

    assertThat(stored(id).progress()).isEqualTo(40);
    assertThat(app.stored(held.id()).progress()).isEqualTo(40);
  }

  @Test
  void aPassingFailureIsRetriedUnderTheSameLease() {
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    app.hypervisor.failNext(2);

    assertThat(app.completeSnapshot(id, 100)).isEqualTo(WorkOutcome.ENDED);
    assertThat(app.hypervisor.calls()).hasSize(3);
    assertThat(app.failedAttempts).containsExactly("snapshot#1", "snapshot#2");
    assertThat(app.stored(app.operationOf(id, OperationKind.SNAPSHOT)).attempt()).isEqualTo(3);
  }

  @Test
  void aNegativeSizeFromTheBackendIsAFailedAttemptNotARefusedInput() {
    app.hypervisor.answerSize(-1);
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    OperationId operation = app.operationOf(id, OperationKind.SNAPSHOT);

    assertThat(app.runOperation.execute(operation)).isEqualTo(WorkOutcome.ENDED);

    assertThat(app.failedAttempts).containsExactly("snapshot#1", "snapshot#2", "snapshot#3");
    assertThat(stored(id).status()).isEqualTo(SnapshotStatus.FAILED);
    assertThat(stored(id).failureReason().orElseThrow()).contains("negative size");
    assertThat(app.stored(operation).state()).isEqualTo(OperationState.FAILED);
  }

  @Test
  void afterEveryAttemptFailedTheSnapshotAndItsOperationFailWithTheReason() {
    SnapshotId id = app.create(acme, web, "s").snapshot().id();

    assertThat(app.failSnapshot(id)).isEqualTo(WorkOutcome.ENDED);

    assertThat(stored(id).status()).isEqualTo(SnapshotStatus.FAILED);
    assertThat(stored(id).failureReason().orElseThrow()).contains("storage node unreachable");
    Operation operation = app.stored(app.operationOf(id, OperationKind.SNAPSHOT));
    assertThat(operation.state()).isEqualTo(OperationState.FAILED);
    assertThat(operation.error()).isEqualTo(stored(id).failureReason());
    assertThat(app.hypervisor.calls()).hasSize(3);
  }

  @Test
  void aRestoreReturnsTheServerToItsPowerStateWhetherItWorksOrNot() {
    SnapshotId id = app.completed(acme, web, "s");
    restore(id);

    assertThat(app.completeRestore(id)).isEqualTo(WorkOutcome.ENDED);
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.RUNNING);
    assertThat(app.hypervisor.calls()).contains("restore 12345/" + id.value() + " and start");

    OperationId second = restore(id);
    app.hypervisor.failNext(3);
    assertThat(app.runOperation.execute(second)).isEqualTo(WorkOutcome.ENDED);
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.UNKNOWN);
    assertThat(app.store.publishedEvents().get(app.store.publishedEvents().size() - 1))
        .isInstanceOfSatisfying(
            RestoreFailed.class,
            e -> {
              assertThat(e.reason()).contains("storage node unreachable");
              assertThat(e.operationId()).isEqualTo(second);
            });
  }

  @Test
  void aFailedRestoreNeverWritesTheDiskAfterwards() {
    // The worker is slow to stop the server; meanwhile its lease expires past the deadline and the
    // supervisor ends the restore as failed. Its next step must be refused: no write.
    SnapshotId id = app.completed(acme, web, "s");
    OperationId operation = restore(id);
    app.hypervisor.beforeNextChange(() -> holderVanishes(UseCases.DEADLINE.plusMinutes(1)));

    assertThat(app.runOperation.execute(operation)).isEqualTo(WorkOutcome.FENCED);

    assertThat(app.hypervisor.calls()).noneMatch(call -> call.startsWith("restore"));
    assertThat(app.stored(operation).state()).isEqualTo(OperationState.FAILED);
    assertThat(app.stored(operation).error().orElseThrow()).contains("did not finish within");
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.RUNNING);
  }

  @Test
  void aLateEndOfAnEarlierRestoreCannotEndTheNextRestoreOfTheSameSnapshot() {
    SnapshotId id = app.completed(acme, web, "s");
    Operation first = claimedElsewhere(restore(id));
    holderVanishes(UseCases.DEADLINE.plusMinutes(1));
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.RUNNING);

    OperationId second = restore(id);
    assertThatThrownBy(
            () -> app.steps.succeed(first.id(), first.fence(), Hypervisor.Taken.ofSize(0)))
        .isInstanceOf(LeaseLostException.class);
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.RESTORING);

    assertThat(app.runOperation.execute(second)).isEqualTo(WorkOutcome.ENDED);
    assertThat(app.store.publishedEvents())
        .filteredOn(RestoreCompleted.class::isInstance)
        .singleElement()
        .extracting(SnapshotEvent::operationId)
        .isEqualTo(second);
  }

  @Test
  void aRestoreWhoseWriterVanishedMidWriteLeavesTheServerUnknownNotRunning() {
    SnapshotId id = app.completed(acme, web, "s");
    Operation held = claimedElsewhere(restore(id));
    app.steps.startStep(held.id(), web, held.fence());

    holderVanishes(UseCases.LEASE.plusSeconds(1));

    assertThat(app.stored(held.id()).state()).isEqualTo(OperationState.FAILED);
    assertThat(app.stored(held.id()).error()).hasValue(Operation.DISK_STATE_UNKNOWN);
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.UNKNOWN);
  }

  @Test
  void anOperationWhoseWorkerVanishedIsQueuedAgainAndFinishedOnceByAnother() {
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    Operation first = claimedElsewhere(app.operationOf(id, OperationKind.SNAPSHOT));
    int rungBefore = app.store.work().size();

    holderVanishes(UseCases.LEASE.plusSeconds(1));

    assertThat(app.stored(first.id()).state()).isEqualTo(OperationState.QUEUED);
    assertThat(app.store.work()).hasSize(rungBefore + 1);
    assertThat(app.runOperation.execute(first.id())).isEqualTo(WorkOutcome.ENDED);
    assertThat(app.stored(first.id()).fence()).isGreaterThan(first.fence());
    assertThatThrownBy(() -> app.steps.progress(first.id(), first.fence(), 50))
        .isInstanceOf(LeaseLostException.class);
    assertThat(stored(id).status()).isEqualTo(SnapshotStatus.COMPLETED);
  }

  @Test
  void aRunningOperationPastItsDeadlineIsAskedAndItsHolderEndsItAsFailed() {
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    OperationId operation = app.operationOf(id, OperationKind.SNAPSHOT);
    app.hypervisor.beforeNextChange(
        () -> {
          // The holder is alive and keeps renewing its lease while the deadline passes.
          long fence = app.stored(operation).fence();
          while (!app.stored(operation).isOverdue(app.clock.instant())) {
            app.clock.advance(Duration.ofSeconds(20));
            app.steps.renew(operation, fence);
          }
          app.supervise.execute();
          assertThat(app.stored(operation).state()).isEqualTo(OperationState.RUNNING);
        });

    assertThat(app.runOperation.execute(operation)).isEqualTo(WorkOutcome.ENDED);

    assertThat(app.hypervisor.calls()).isEmpty();
    assertThat(stored(id).status()).isEqualTo(SnapshotStatus.FAILED);
    assertThat(stored(id).failureReason())
        .hasValue("The operation did not finish within 30 minutes.");
  }

  @Test
  void aForgedOrDuplicateWorkRecordDoesNothingTheOperationDoesNotAskFor() {
    SnapshotId id = app.completed(acme, web, "s");
    OperationId done = app.operationOf(id, OperationKind.SNAPSHOT);

    assertThat(app.runOperation.execute(done)).isEqualTo(WorkOutcome.SKIPPED);
    assertThat(app.runOperation.execute(new OperationId(424242))).isEqualTo(WorkOutcome.SKIPPED);
    assertThat(app.hypervisor.calls()).hasSize(1);
  }

  @Test
  void oneOperationPerServerRunsAtATimeAndTheNextIsRungWhenItEnds() {
    SnapshotId old = app.completed(acme, web, "old");
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    Operation running = claimedElsewhere(app.operationOf(id, OperationKind.SNAPSHOT));
    app.deleteSnapshot.execute(new DeleteSnapshot.Command(acme, old));
    OperationId purge = app.operationOf(old, OperationKind.PURGE);

    assertThat(app.runOperation.execute(purge)).isEqualTo(WorkOutcome.SKIPPED);
    assertThat(app.stored(purge).state()).isEqualTo(OperationState.QUEUED);

    int rung = app.store.work().size();
    app.steps.succeed(running.id(), running.fence(), Hypervisor.Taken.ofSize(10));
    assertThat(app.store.work()).hasSize(rung + 1);
    assertThat(app.store.work().get(rung).operation()).isEqualTo(purge);
    assertThat(app.runOperation.execute(purge)).isEqualTo(WorkOutcome.ENDED);
  }

  @Test
  void aWorkerShuttingDownGivesItsOperationBackQueuedNotFailed() throws Exception {
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    OperationId operation = app.operationOf(id, OperationKind.SNAPSHOT);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    app.hypervisor.beforeNextChange(
        () -> {
          inside.countDown();
          awaitLatch(stopped);
        });
    CompletableFuture<WorkOutcome> outcome =
        CompletableFuture.supplyAsync(() -> app.runOperation.execute(operation));
    awaitLatch(inside);

    CompletableFuture<Integer> left =
        CompletableFuture.supplyAsync(() -> app.jobs.stopAll(Duration.ofSeconds(10)));
    await().atMost(Duration.ofSeconds(10)).until(() -> !app.jobs.accepting());
    stopped.countDown();

    assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(WorkOutcome.RELEASED);
    assertThat(left.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(app.stored(operation).state()).isEqualTo(OperationState.QUEUED);
    assertThat(app.stored(operation).attempt()).isZero();
    assertThat(stored(id).status()).isEqualTo(SnapshotStatus.IN_PROGRESS);
    assertThat(app.hypervisor.calls()).isEmpty();
    assertThat(app.store.work())
        .extracting(w -> w.operation())
        .containsExactly(operation, operation);
  }

  @Test
  void removingAServerCancelsItsQueuedWorkAndAsksItsRunningWorkToStop() {
    SnapshotId kept = app.completed(acme, web, "kept");
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    Operation running = claimedElsewhere(app.operationOf(id, OperationKind.SNAPSHOT));

    app.removeServer.execute(web);

    assertThat(app.stored(running.id()).stopRequest()).hasValue(Operation.StopRequest.CANCEL);
    app.steps.stopAsAsked(running.id(), running.fence());
    assertThat(app.stored(running.id()).state()).isEqualTo(OperationState.CANCELLED);
    OperationId purgeKept = app.operationOf(kept, OperationKind.PURGE);
    OperationId purgeNew = app.operationOf(id, OperationKind.PURGE);
    assertThat(app.runOperation.execute(purgeKept)).isEqualTo(WorkOutcome.ENDED);
    assertThat(app.runOperation.execute(purgeNew)).isEqualTo(WorkOutcome.ENDED);
    assertThat(app.hypervisor.calls()).contains("delete 12345/" + kept.value());
  }

  @Test
  void queuedWorkPastItsDeadlineFailsAndWorkNobodyTookIsRungAgain() {
    SnapshotId late = app.create(acme, web, "late").snapshot().id();
    ServerId db = app.server(acme, 12346, ServerStatus.RUNNING);
    app.clock.advance(UseCases.LEASE.plusSeconds(1));
    SnapshotId waiting = app.create(acme, db, "waiting").snapshot().id();
    app.clock.advance(UseCases.LEASE.plusSeconds(1));
    int rung = app.store.work().size();

    assertThat(app.supervise.execute()).isZero();
    assertThat(app.store.work()).hasSize(rung + 2);

    app.clock.advance(UseCases.DEADLINE);
    assertThat(app.supervise.execute()).isEqualTo(2);
    assertThat(stored(late).status()).isEqualTo(SnapshotStatus.FAILED);
    assertThat(stored(waiting).status()).isEqualTo(SnapshotStatus.FAILED);
    assertThat(app.supervise.execute()).isZero();
  }

  @Test
  void dataNoSnapshotWantsIsPurgedAfterTheGracePeriodThroughAnOperation() {
    SnapshotId kept = app.completed(acme, web, "kept");
    SnapshotId failed = app.create(acme, web, "failed").snapshot().id();
    app.failSnapshot(failed);
    app.hypervisor.leave(web, failed);
    app.hypervisor.leave(web, new SnapshotId(9999));
    Duration grace = Duration.ofMinutes(10);

    ReconcileBackend.Result first = app.reconcile.execute(grace);
    assertThat(first.orphans()).isEqualTo(2);
    assertThat(first.purgesQueued()).isZero();

    app.clock.advance(grace);
    assertThat(app.reconcile.execute(grace).purgesQueued()).isEqualTo(2);
    assertThat(app.reconcile.execute(grace).purgesQueued()).isZero();
    app.store.work().stream().map(w -> w.operation()).distinct().forEach(app.runOperation::execute);

    assertThat(app.hypervisor.held()).extracting(s -> s.snapshot()).containsExactly(kept);
  }

  @Test
  void theRelayKeepsAServersMessagesAfterItsFirstRefusedOneSoThatTheyStayInOrder() {
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    app.completeSnapshot(id, 10);
    app.publisher.refuse(
        m -> m instanceof Outbox.Event e && e.event().type() == EventType.SNAPSHOT_CREATED);

    RelayOutbox.Relayed partly = app.relayOutbox.execute(100);

    // The work message is its own stream and went; the completion waits behind the creation.
    assertThat(partly.published()).isEqualTo(1);
    assertThat(partly.failure()).contains("broker unreachable");
    assertThat(app.store.outboxPort.backlog().count()).isEqualTo(2);

    app.publisher.refuse(m -> false);
    assertThat(app.relayOutbox.execute(100).published()).isEqualTo(2);
    assertThat(app.publisher.published())
        .extracting(e -> e.type().wireName())
        .endsWith("SnapshotCreated", "SnapshotCompleted");
  }

  @Test
  void theRelayPublishesInOrderAndKeepsEverythingWhileTheBusIsDown() {
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    app.completeSnapshot(id, 10);
    app.publisher.down(true);

    assertThat(app.relayOutbox.execute(100))
        .isEqualTo(new RelayOutbox.Relayed(0, Optional.of("broker unreachable"), false));
    assertThat(app.store.outboxPort.backlog().count()).isEqualTo(3);

    app.publisher.down(false);
    assertThat(app.relayOutbox.execute(1).published()).isEqualTo(1);
    assertThat(app.relayOutbox.execute(100).published()).isEqualTo(2);
    assertThat(app.relayOutbox.execute(100).published()).isZero();
    assertThat(app.publisher.published())
        .extracting(e -> e.type().wireName())
        .containsExactly("SnapshotCreated", "SnapshotCompleted");
    assertThat(app.store.outboxPort.backlog().oldest()).isEmpty();
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
