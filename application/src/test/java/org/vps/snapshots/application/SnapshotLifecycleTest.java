package org.vps.snapshots.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.DomainException;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.RestoreCompleted;
import org.vps.snapshots.domain.RestoreStarted;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.ServerStatus;
import org.vps.snapshots.domain.SnapshotCompleted;
import org.vps.snapshots.domain.SnapshotCreated;
import org.vps.snapshots.domain.SnapshotDeleted;
import org.vps.snapshots.domain.SnapshotEvent;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.SnapshotStatus;

class SnapshotLifecycleTest {
  final UseCases app = new UseCases();
  final AccountId acme = app.account("acme");
  final AccountId other = app.account("other");
  final ServerId web = app.server(acme, 12345, ServerStatus.RUNNING);

  static String codeOf(Runnable action) {
    try {
      action.run();
      return "accepted";
    } catch (DomainException e) {
      return e.code();
    }
  }

  @Test
  void createStoresAnInProgressSnapshotAndItsEventTogether() {
    SnapshotView created = app.create(acme, web, "before-update-snapshot");

    assertThat(created.serverName().value()).isEqualTo("server-12345");
    assertThat(app.store.storedSnapshot(created.snapshot().id()))
        .hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(SnapshotStatus.IN_PROGRESS));
    assertThat(app.store.publishedEvents())
        .singleElement()
        .isInstanceOf(SnapshotCreated.class)
        .extracting(SnapshotEvent::snapshotId)
        .isEqualTo(created.snapshot().id());
  }

  @Test
  void anotherAccountsServerIsNotFoundExactlyLikeAMissingOne() {
    assertThatThrownBy(() -> app.create(other, web, "x")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> app.create(acme, new ServerId(999), "x"))
        .isInstanceOf(NotFoundException.class);
    assertThat(app.store.publishedEvents()).isEmpty();
  }

  @Test
  void aRefusedCreateStoresNothingAndTellsNothing() {
    SnapshotId first = app.create(acme, web, "first").snapshot().id();

    assertThat(codeOf(() -> app.create(acme, web, "second"))).isEqualTo("operation_in_progress");

    assertThat(app.store.snapshots.ofServer(web).all())
        .extracting(s -> s.id())
        .containsExactly(first);
    assertThat(app.store.publishedEvents()).hasSize(1);
  }

  @Test
  void theQuotaCountsCompletedSnapshotsAndADeleteFreesItsPlaceAtOnce() {
    SnapshotId oldest = app.completed(acme, web, "s1");
    for (int i = 2; i <= 5; i++) {
      app.completed(acme, web, "s" + i);
    }

    assertThat(codeOf(() -> app.create(acme, web, "s6"))).isEqualTo("snapshot_limit_reached");

    app.deleteSnapshot.execute(new DeleteSnapshot.Command(acme, oldest));
    assertThat(app.create(acme, web, "s6").snapshot().status())
        .isEqualTo(SnapshotStatus.IN_PROGRESS);
  }

  @Test
  void failedSnapshotsFreeTheirPlace() {
    for (int i = 1; i <= 4; i++) {
      app.completed(acme, web, "s" + i);
    }
    SnapshotId failed = app.create(acme, web, "s5").snapshot().id();
    app.failSnapshot.execute(failed, "disk unreachable");

    assertThat(app.create(acme, web, "s6").snapshot().status())
        .isEqualTo(SnapshotStatus.IN_PROGRESS);
  }

  @Test
  void restoreStartsAndTheWorkerReturnsTheServerToItsPowerState() {
    app.updateServer.execute(
        new UpdateServer.Command(
            web, java.util.Optional.empty(), java.util.Optional.of(ServerStatus.STOPPED)));
    SnapshotId snapshot = app.completed(acme, web, "pre-migration-snapshot");

    RestoreSnapshot.Started started =
        app.restoreSnapshot.execute(new RestoreSnapshot.Command(acme, snapshot));

    assertThat(started.server().status()).isEqualTo(ServerStatus.RESTORING);
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.RESTORING);
    assertThat(app.completeRestore.execute(web, snapshot)).isEqualTo(WorkOutcome.APPLIED);
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.STOPPED);
    assertThat(app.store.publishedEvents())
        .extracting(SnapshotEvent::type)
        .containsExactly(
            "SnapshotCreated", "SnapshotCompleted", "RestoreStarted", "RestoreCompleted");
    assertThat(app.store.publishedEvents().get(3))
        .isInstanceOfSatisfying(
            RestoreCompleted.class, e -> assertThat(e.serverStatus()).isEqualTo("stopped"));
  }

  @Test
  void restoreNeedsACompletedSnapshotAndAnIdleServer() {
    SnapshotId done = app.completed(acme, web, "done");
    SnapshotId running = app.create(acme, web, "running").snapshot().id();

    assertThat(codeOf(() -> app.restoreSnapshot.execute(new RestoreSnapshot.Command(acme, done))))
        .isEqualTo("operation_in_progress");
    app.failSnapshot.execute(running, "broken");
    assertThat(
            codeOf(() -> app.restoreSnapshot.execute(new RestoreSnapshot.Command(acme, running))))
        .isEqualTo("snapshot_not_ready");
    assertThat(codeOf(() -> app.restoreSnapshot.execute(new RestoreSnapshot.Command(other, done))))
        .isEqualTo("not_found");
  }

  @Test
  void whileRestoringNeitherCreateNorRestoreNorDeletingTheSourceIsAllowed() {
    SnapshotId source = app.completed(acme, web, "source");
    SnapshotId spare = app.completed(acme, web, "spare");
    app.restoreSnapshot.execute(new RestoreSnapshot.Command(acme, source));

    assertThat(codeOf(() -> app.create(acme, web, "new"))).isEqualTo("operation_in_progress");
    assertThat(codeOf(() -> app.restoreSnapshot.execute(new RestoreSnapshot.Command(acme, spare))))
        .isEqualTo("operation_in_progress");
    assertThat(codeOf(() -> app.deleteSnapshot.execute(new DeleteSnapshot.Command(acme, source))))
        .isEqualTo("snapshot_busy");
    assertThat(codeOf(() -> app.deleteSnapshot.execute(new DeleteSnapshot.Command(acme, spare))))
        .isEqualTo("accepted");
  }

  @Test
  void deleteRemovesTheSnapshotAndTellsItsLastStatus() {
    SnapshotId snapshot = app.completed(acme, web, "old");

    app.deleteSnapshot.execute(new DeleteSnapshot.Command(acme, snapshot));

    assertThat(app.store.storedSnapshot(snapshot)).isEmpty();
    assertThat(app.store.publishedEvents().get(2))
        .isInstanceOfSatisfying(
            SnapshotDeleted.class, e -> assertThat(e.lastStatus()).isEqualTo("completed"));
    assertThat(codeOf(() -> app.deleteSnapshot.execute(new DeleteSnapshot.Command(acme, snapshot))))
        .isEqualTo("not_found");
  }

  @Test
  void anotherAccountCannotDeleteASnapshot() {
    SnapshotId snapshot = app.completed(acme, web, "mine");

    assertThat(
            codeOf(() -> app.deleteSnapshot.execute(new DeleteSnapshot.Command(other, snapshot))))
        .isEqualTo("not_found");
    assertThat(app.store.storedSnapshot(snapshot)).isPresent();
  }

  @Test
  void workerReportsTakeEffectOnceHoweverOftenTheyArrive() {
    SnapshotId snapshot = app.create(acme, web, "s").snapshot().id();

    assertThat(app.completeSnapshot.execute(snapshot, 2048)).isEqualTo(WorkOutcome.APPLIED);
    assertThat(app.completeSnapshot.execute(snapshot, 4096))
        .isEqualTo(WorkOutcome.ALREADY_FINISHED);
    assertThat(app.failSnapshot.execute(snapshot, "late")).isEqualTo(WorkOutcome.ALREADY_FINISHED);

    assertThat(app.store.storedSnapshot(snapshot).orElseThrow().sizeMb()).hasValue(2048);
    assertThat(app.store.publishedEvents())
        .filteredOn(SnapshotCompleted.class::isInstance)
        .hasSize(1);
  }

  @Test
  void workerReportsAboutVanishedThingsAreIgnored() {
    SnapshotId snapshot = app.completed(acme, web, "s");
    app.deleteSnapshot.execute(new DeleteSnapshot.Command(acme, snapshot));

    assertThat(app.completeSnapshot.execute(snapshot, 1)).isEqualTo(WorkOutcome.GONE);
    assertThat(app.failSnapshot.execute(new SnapshotId(424242), "x")).isEqualTo(WorkOutcome.GONE);
    assertThat(app.completeRestore.execute(new ServerId(424242), snapshot))
        .isEqualTo(WorkOutcome.GONE);
  }

  @Test
  void aRestoreReportForAnotherRestoreChangesNothing() {
    SnapshotId first = app.completed(acme, web, "first");
    SnapshotId second = app.completed(acme, web, "second");
    app.restoreSnapshot.execute(new RestoreSnapshot.Command(acme, second));

    assertThat(app.failRestore.execute(web, first, "stale"))
        .isEqualTo(WorkOutcome.ALREADY_FINISHED);
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.RESTORING);

    assertThat(app.failRestore.execute(web, second, "disk missing")).isEqualTo(WorkOutcome.APPLIED);
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.RUNNING);
    assertThat(app.completeRestore.execute(web, second)).isEqualTo(WorkOutcome.ALREADY_FINISHED);
    assertThat(app.store.publishedEvents()).filteredOn(RestoreStarted.class::isInstance).hasSize(1);
  }
}
