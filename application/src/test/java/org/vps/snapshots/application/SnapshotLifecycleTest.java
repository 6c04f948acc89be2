package org.vps.snapshots.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.SnapshotView;
import org.vps.snapshots.application.server.UpdateServer;
import org.vps.snapshots.application.snapshot.DeleteSnapshot;
import org.vps.snapshots.application.snapshot.EditSnapshot;
import org.vps.snapshots.application.snapshot.RestoreSnapshot;
import org.vps.snapshots.application.work.WorkOutcome;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.DomainException;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.event.RestoreCompleted;
import org.vps.snapshots.domain.event.SnapshotCompleted;
import org.vps.snapshots.domain.event.SnapshotCreated;
import org.vps.snapshots.domain.event.SnapshotDeleted;
import org.vps.snapshots.domain.event.SnapshotEvent;
import org.vps.snapshots.domain.event.SnapshotUpdated;
import org.vps.snapshots.domain.operation.LeaseLostException;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.operation.OperationState;
import org.vps.snapshots.domain.snapshot.ServerStatus;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotName;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;

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
    app.failSnapshot(failed);

    assertThat(app.create(acme, web, "s6").snapshot().status())
        .isEqualTo(SnapshotStatus.IN_PROGRESS);
  }

  @Test
  void restoreStartsAndTheWorkerReturnsTheServerToItsPowerState() {
    app.updateServer.execute(
        new UpdateServer.Command(
            web, Optional.empty(), Optional.of(ServerStatus.STOPPED), Optional.empty()));
    SnapshotId snapshot = app.completed(acme, web, "pre-migration-snapshot");

    RestoreSnapshot.Started started =
        app.restoreSnapshot.execute(new RestoreSnapshot.Command(acme, snapshot));

    assertThat(started.server().status()).isEqualTo(ServerStatus.RESTORING);
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.RESTORING);
    assertThat(app.completeRestore(snapshot)).isEqualTo(WorkOutcome.ENDED);
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.STOPPED);
    assertThat(app.store.publishedEvents())
        .extracting(e -> e.type().wireName())
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
    app.failSnapshot(running);
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
  void anOperationEndsOnceHoweverOftenItsWorkIsDelivered() {
    SnapshotId snapshot = app.create(acme, web, "s").snapshot().id();
    OperationId operation = app.operationOf(snapshot, OperationKind.SNAPSHOT);

    assertThat(app.completeSnapshot(snapshot, 2048)).isEqualTo(WorkOutcome.ENDED);
    assertThat(app.completeSnapshot(snapshot, 4096)).isEqualTo(WorkOutcome.SKIPPED);
    assertThatThrownBy(() -> app.steps.fail(operation, app.stored(operation).fence(), "late"))
        .isInstanceOf(LeaseLostException.class);

    assertThat(app.store.storedSnapshot(snapshot).orElseThrow().sizeMb()).hasValue(2048);
    assertThat(app.stored(operation).state()).isEqualTo(OperationState.SUCCEEDED);
    assertThat(app.store.publishedEvents())
        .filteredOn(SnapshotCompleted.class::isInstance)
        .singleElement()
        .extracting(SnapshotEvent::operationId)
        .isEqualTo(operation);
  }

  @Test
  void aDeletedSnapshotsDataIsPurgedByAnOperationOfItsOwn() {
    SnapshotId snapshot = app.completed(acme, web, "s");
    app.deleteSnapshot.execute(new DeleteSnapshot.Command(acme, snapshot));
    OperationId purge = app.operationOf(snapshot, OperationKind.PURGE);

    assertThat(app.runOperation.execute(purge)).isEqualTo(WorkOutcome.ENDED);
    assertThat(app.runOperation.execute(purge)).isEqualTo(WorkOutcome.SKIPPED);
    assertThat(app.hypervisor.calls())
        .containsExactly("snapshot 12345/" + snapshot.value(), "delete 12345/" + snapshot.value());
    assertThat(app.store.publishedEvents())
        .filteredOn(SnapshotDeleted.class::isInstance)
        .singleElement()
        .extracting(SnapshotEvent::operationId)
        .isEqualTo(purge);
  }

  static Snapshot.Edit protect(boolean on) {
    return new Snapshot.Edit(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(on));
  }

  @Test
  void anEditIsStoredWithItsEventAndAProtectedSnapshotIsKeptUntilItIsLifted() {
    SnapshotId id = app.completed(acme, web, "nightly");
    int before = app.store.publishedEvents().size();

    SnapshotView edited =
        app.editSnapshot.execute(
            new EditSnapshot.Command(
                acme,
                id,
                new Snapshot.Edit(
                    Optional.of(new SnapshotName("nightly-kept")),
                    Optional.empty(),
                    Optional.of(new Labels(Map.of("env", "prod"))),
                    Optional.of(true))));

    assertThat(edited.snapshot().name().value()).isEqualTo("nightly-kept");
    assertThat(app.store.storedSnapshot(id))
        .hasValueSatisfying(
            s -> {
              assertThat(s.labels().get("env")).contains("prod");
              assertThat(s.deleteProtected()).isTrue();
            });
    assertThat(app.store.publishedEvents().subList(before, app.store.publishedEvents().size()))
        .singleElement()
        .isInstanceOf(SnapshotUpdated.class);

    assertThat(codeOf(() -> app.deleteSnapshot.execute(new DeleteSnapshot.Command(acme, id))))
        .isEqualTo("snapshot_protected");
    assertThat(app.store.storedSnapshot(id)).isPresent();

    app.editSnapshot.execute(new EditSnapshot.Command(acme, id, protect(false)));
    app.deleteSnapshot.execute(new DeleteSnapshot.Command(acme, id));
    assertThat(app.store.storedSnapshot(id)).isEmpty();
  }

  @Test
  void anotherAccountCannotEditASnapshotNorLearnThatItExists() {
    SnapshotId id = app.completed(acme, web, "mine");

    assertThatThrownBy(
            () -> app.editSnapshot.execute(new EditSnapshot.Command(other, id, protect(true))))
        .isInstanceOf(NotFoundException.class);
    assertThat(app.store.storedSnapshot(id))
        .hasValueSatisfying(s -> assertThat(s.deleteProtected()).isFalse());
  }
}
