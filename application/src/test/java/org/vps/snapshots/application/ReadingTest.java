package org.vps.snapshots.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.SnapshotFilter;
import org.vps.snapshots.application.port.SnapshotView;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.ServerStatus;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;

class ReadingTest {
  final UseCases app = new UseCases();
  final AccountId acme = app.account("acme");
  final AccountId other = app.account("other");
  final ServerId web = app.server(acme, 12345, ServerStatus.RUNNING);
  final ServerId db = app.server(acme, 12346, ServerStatus.STOPPED);
  final ServerId foreign = app.server(other, 99, ServerStatus.RUNNING);

  SnapshotId completedLater(ServerId server, String name) {
    app.clock.advance(Duration.ofMinutes(1));
    return app.completed(server.equals(foreign) ? other : acme, server, name);
  }

  @Test
  void listsOnlyTheCallersSnapshotsNewestFirst() {
    SnapshotId a = completedLater(web, "a");
    SnapshotId b = completedLater(db, "b");
    completedLater(foreign, "theirs");
    SnapshotId c = completedLater(web, "c");

    Page<SnapshotView> page =
        app.listSnapshots.execute(
            new SnapshotFilter(acme, Optional.empty(), Optional.empty()), new PageRequest(1, 50));

    assertThat(page.total()).isEqualTo(3);
    assertThat(page.items()).extracting(v -> v.snapshot().id()).containsExactly(c, b, a);
  }

  @Test
  void filtersByServerAndStatusAndAForeignServerGivesAnEmptyList() {
    SnapshotId a = completedLater(web, "a");
    completedLater(db, "b");
    app.clock.advance(Duration.ofMinutes(1));
    SnapshotId running = app.create(acme, web, "running").snapshot().id();

    assertThat(
            app.listSnapshots
                .execute(
                    new SnapshotFilter(
                        acme, Optional.of(web), Optional.of(SnapshotStatus.COMPLETED)),
                    new PageRequest(1, 50))
                .items())
        .extracting(v -> v.snapshot().id())
        .containsExactly(a);
    assertThat(
            app.listSnapshots
                .execute(
                    new SnapshotFilter(
                        acme, Optional.empty(), Optional.of(SnapshotStatus.IN_PROGRESS)),
                    new PageRequest(1, 50))
                .items())
        .extracting(v -> v.snapshot().id())
        .containsExactly(running);
    assertThat(
            app.listSnapshots.execute(
                new SnapshotFilter(acme, Optional.of(foreign), Optional.empty()),
                new PageRequest(1, 50)))
        .satisfies(p -> assertThat(p.total()).isZero());
  }

  @Test
  void pagesCountOverAllPages() {
    for (int i = 0; i < 3; i++) {
      completedLater(web, "w" + i);
      completedLater(db, "d" + i);
    }
    SnapshotFilter all = new SnapshotFilter(acme, Optional.empty(), Optional.empty());

    Page<SnapshotView> second = app.listSnapshots.execute(all, new PageRequest(2, 4));

    assertThat(second.total()).isEqualTo(6);
    assertThat(second.items()).hasSize(2);
    assertThat(new PageRequest(1, 4).hasNext(6)).isTrue();
    assertThat(new PageRequest(2, 4).hasNext(6)).isFalse();
  }

  @Test
  void getAnswersOnlyTheOwner() {
    SnapshotId mine = completedLater(web, "mine");

    assertThat(app.getSnapshot.execute(acme, mine).serverName().value()).isEqualTo("server-12345");
    assertThatThrownBy(() -> app.getSnapshot.execute(other, mine))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> app.getServer.execute(other, web))
        .isInstanceOf(NotFoundException.class);
    assertThat(app.listServers.execute(acme, new PageRequest(1, 50)).items())
        .extracting(s -> s.id())
        .containsExactly(web, db);
  }
}
