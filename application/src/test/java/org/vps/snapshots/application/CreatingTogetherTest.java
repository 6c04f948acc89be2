package org.vps.snapshots.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.snapshot.CreateSnapshot.Command;
import org.vps.snapshots.application.snapshot.CreateSnapshot.Refused;
import org.vps.snapshots.application.snapshot.CreateSnapshot.Started;
import org.vps.snapshots.application.snapshot.CreateSnapshot.Together;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.DomainException;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.event.SnapshotCreated;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.snapshot.ServerStatus;
import org.vps.snapshots.domain.snapshot.SnapshotName;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;

/** Creates run together in one transaction answer each as if it had run alone. */
class CreatingTogetherTest {
  final UseCases app = new UseCases();
  final AccountId acme = app.account("acme");
  final AccountId other = app.account("other");
  final ServerId web = app.server(acme, 1, ServerStatus.RUNNING);
  final ServerId db = app.server(acme, 2, ServerStatus.RUNNING);
  final ServerId theirs = app.server(other, 3, ServerStatus.RUNNING);

  @AfterEach
  void stop() {
    app.createSnapshotsTogether.stop();
  }

  static Command create(AccountId owner, ServerId server, String name) {
    return new Command(owner, server, new SnapshotName(name), Description.NONE);
  }

  @Test
  void createsOfDifferentServersEachStartWithTheirEventAndWork() {
    List<Together> outcomes =
        app.createSnapshot.executeTogether(
            List.of(create(acme, web, "web-1"), create(acme, db, "db-1")));

    assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Started.class));
    for (Together outcome : outcomes) {
      Started started = (Started) outcome;
      assertThat(app.store.storedSnapshot(started.snapshot().snapshot().id()))
          .hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(SnapshotStatus.IN_PROGRESS));
      assertThat(app.stored(started.operation().id()).snapshotId())
          .isEqualTo(started.snapshot().snapshot().id());
    }
    assertThat(app.store.publishedEvents())
        .hasSize(2)
        .allSatisfy(e -> assertThat(e).isInstanceOf(SnapshotCreated.class));
    assertThat(app.store.work())
        .extracting(Outbox.Work::operation)
        .containsExactlyInAnyOrder(
            ((Started) outcomes.get(0)).operation().id(),
            ((Started) outcomes.get(1)).operation().id());
  }

  @Test
  void aRefusedCreateAnswersItsOwnCommandAndWritesNothingOfItsOwn() {
    app.completed(acme, web, "taken");
    int eventsBefore = app.store.publishedEvents().size();

    List<Together> outcomes =
        app.createSnapshot.executeTogether(
            List.of(create(acme, web, "taken"), create(acme, db, "fresh")));

    assertThat(outcomes.get(0))
        .isInstanceOfSatisfying(
            Refused.class,
            refused -> assertThat(refused.reason().code()).isEqualTo("duplicate_name"));
    assertThat(outcomes.get(1)).isInstanceOf(Started.class);
    assertThat(app.store.publishedEvents()).hasSize(eventsBefore + 1);
  }

  @Test
  void aSecondCreateOfOneServerAndACreateOfAnotherAccountsServerAreLeftToRunAlone() {
    List<Together> outcomes =
        app.createSnapshot.executeTogether(
            List.of(
                create(acme, web, "first"),
                create(acme, web, "second"),
                create(acme, theirs, "not-mine"),
                create(acme, new ServerId(999), "missing")));

    assertThat(outcomes.get(0)).isInstanceOf(Started.class);
    assertThat(outcomes.subList(1, 4)).containsOnly(Together.ALONE);
    assertThat(app.store.publishedEvents()).hasSize(1);
  }

  @Test
  void throughTheQueueEachCallerGetsItsOwnAnswerOrItsOwnRefusal() {
    Started started = app.createSnapshotsTogether.execute(create(acme, web, "queued"));

    assertThat(started.snapshot().snapshot().name().value()).isEqualTo("queued");
    assertThatThrownBy(() -> app.createSnapshotsTogether.execute(create(acme, web, "busy")))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo("operation_in_progress"));
    assertThatThrownBy(() -> app.createSnapshotsTogether.execute(create(acme, theirs, "x")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void afterTheQueueStoppedACreateStillRunsOnItsOwn() {
    app.createSnapshotsTogether.stop();

    Started started = app.createSnapshotsTogether.execute(create(acme, db, "late"));

    assertThat(app.store.storedSnapshot(started.snapshot().snapshot().id())).isPresent();
  }
}
