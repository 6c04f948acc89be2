package org.vps.snapshots.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.RestoreFailed;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.ServerStatus;
import org.vps.snapshots.domain.Snapshot;
import org.vps.snapshots.domain.SnapshotEvent;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.SnapshotStatus;

class WorkersTest {
  final UseCases app = new UseCases();
  final AccountId acme = app.account("acme");
  final ServerId web = app.server(acme, 12345, ServerStatus.RUNNING);

  Snapshot stored(SnapshotId id) {
    return app.store.storedSnapshot(id).orElseThrow();
  }

  @Test
  void aSnapshotIsTakenOnTheBackendAndCompletedWithItsSize() {
    app.hypervisor.answerSize(5120);
    SnapshotId id = app.create(acme, web, "s").snapshot().id();

    assertThat(app.performSnapshot.execute(web, id)).isEqualTo(WorkOutcome.APPLIED);

    assertThat(stored(id).status()).isEqualTo(SnapshotStatus.COMPLETED);
    assertThat(stored(id).sizeMb()).hasValue(5120);
    assertThat(app.hypervisor.calls()).containsExactly("snapshot 12345/" + id.value());
  }

  @Test
  void progressFromTheBackendIsRecordedWhileInProgress() {
    SnapshotId id = app.create(acme, web, "s").snapshot().id();

    app.reportProgress.execute(id, 40);

    assertThat(stored(id).progress()).isEqualTo(40);
  }

  @Test
  void aRedeliveredSnapshotTouchesTheBackendOnce() {
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    app.performSnapshot.execute(web, id);

    assertThat(app.performSnapshot.execute(web, id)).isEqualTo(WorkOutcome.ALREADY_FINISHED);
    assertThat(app.hypervisor.calls()).hasSize(1);
    assertThat(app.store.publishedEvents())
        .extracting(SnapshotEvent::type)
        .containsExactly("SnapshotCreated", "SnapshotCompleted");
  }

  @Test
  void aPassingFailureIsRetried() {
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    app.hypervisor.failNext(2);

    assertThat(app.performSnapshot.execute(web, id)).isEqualTo(WorkOutcome.APPLIED);
    assertThat(app.hypervisor.calls()).hasSize(3);
    assertThat(app.failedAttempts).containsExactly("snapshot#1", "snapshot#2");
  }

  @Test
  void afterEveryAttemptFailedTheSnapshotFailsWithTheReasonAndTheWorkIsDeadLettered() {
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    app.hypervisor.failNext(3);

    assertThatThrownBy(() -> app.performSnapshot.execute(web, id))
        .isInstanceOf(WorkFailedException.class);

    assertThat(stored(id).status()).isEqualTo(SnapshotStatus.FAILED);
    assertThat(stored(id).failureReason().orElseThrow()).contains("storage node unreachable");
    assertThat(app.hypervisor.calls()).hasSize(3);
  }

  @Test
  void aRestoreReturnsTheServerToItsPowerStateWhetherItWorksOrNot() {
    SnapshotId id = app.completed(acme, web, "s");
    app.restoreSnapshot.execute(new RestoreSnapshot.Command(acme, id));

    assertThat(app.performRestore.execute(web, id)).isEqualTo(WorkOutcome.APPLIED);
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.RUNNING);
    assertThat(app.performRestore.execute(web, id)).isEqualTo(WorkOutcome.ALREADY_FINISHED);

    app.restoreSnapshot.execute(new RestoreSnapshot.Command(acme, id));
    app.hypervisor.failNext(3);
    assertThatThrownBy(() -> app.performRestore.execute(web, id))
        .isInstanceOf(WorkFailedException.class);
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.RUNNING);
    assertThat(app.store.publishedEvents().get(app.store.publishedEvents().size() - 1))
        .isInstanceOfSatisfying(
            RestoreFailed.class, e -> assertThat(e.reason()).contains("storage node unreachable"));
  }

  @Test
  void deletedSnapshotDataIsPurgedWithRetries() {
    app.hypervisor.failNext(1);

    app.purgeSnapshotData.execute(web, new SnapshotId(801));

    assertThat(app.hypervisor.calls()).containsExactly("delete 12345/801", "delete 12345/801");
    app.hypervisor.failNext(3);
    assertThatThrownBy(() -> app.purgeSnapshotData.execute(web, new SnapshotId(801)))
        .isInstanceOf(WorkFailedException.class);
  }

  @Test
  void operationsPastTheDeadlineFailAndRecentOnesAreLeftAlone() {
    SnapshotId late = app.create(acme, web, "late").snapshot().id();
    ServerId db = app.server(acme, 12346, ServerStatus.STOPPED);
    SnapshotId base = app.completed(acme, db, "base");
    app.restoreSnapshot.execute(new RestoreSnapshot.Command(acme, base));
    app.clock.advance(Duration.ofMinutes(31));
    ServerId fresh = app.server(acme, 12347, ServerStatus.RUNNING);
    SnapshotId recent = app.create(acme, fresh, "recent").snapshot().id();

    assertThat(app.failOverdue.execute()).isEqualTo(2);

    assertThat(stored(late).status()).isEqualTo(SnapshotStatus.FAILED);
    assertThat(stored(late).failureReason().orElseThrow()).contains("30 minutes");
    assertThat(app.store.storedServer(db).status()).isEqualTo(ServerStatus.STOPPED);
    assertThat(stored(recent).status()).isEqualTo(SnapshotStatus.IN_PROGRESS);
    assertThat(app.failOverdue.execute()).isZero();
  }

  @Test
  void theRelayPublishesInOrderAndKeepsEverythingWhileTheBusIsDown() {
    SnapshotId id = app.create(acme, web, "s").snapshot().id();
    app.completeSnapshot.execute(id, 10);
    app.publisher.down(true);

    assertThatThrownBy(() -> app.relayOutbox.execute(100))
        .isInstanceOf(IllegalStateException.class);
    assertThat(app.store.outboxPort.backlog().count()).isEqualTo(2);

    app.publisher.down(false);
    assertThat(app.relayOutbox.execute(1)).isEqualTo(1);
    assertThat(app.relayOutbox.execute(100)).isEqualTo(1);
    assertThat(app.relayOutbox.execute(100)).isZero();
    assertThat(app.publisher.published())
        .extracting(SnapshotEvent::type)
        .containsExactly("SnapshotCreated", "SnapshotCompleted");
    assertThat(app.store.outboxPort.backlog().oldest()).isEmpty();
  }
}
