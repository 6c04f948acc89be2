package org.vps.snapshots.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.Page;
import org.vps.snapshots.application.PageRequest;
import org.vps.snapshots.application.SnapshotFilter;
import org.vps.snapshots.application.SnapshotView;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Server;
import org.vps.snapshots.domain.ServerStatus;
import org.vps.snapshots.domain.Snapshot;
import org.vps.snapshots.domain.SnapshotStatus;

/** The contract of the {@code SnapshotQueries} port. */
public abstract class SnapshotQueriesContract extends PortContract {
  static final Instant T0 = Instant.parse("2025-01-08T12:00:00Z");

  Page<SnapshotView> list(SnapshotFilter filter, PageRequest page) {
    return inTransaction(() -> ports().snapshotQueries().list(filter, page));
  }

  @Test
  void listsAnAccountsSnapshotsNewestFirstWithTheirServerNames() {
    AccountId account = newAccount();
    Server web = newServer(account, ServerStatus.RUNNING);
    Server db = newServer(account, ServerStatus.STOPPED);
    Snapshot oldest = newSnapshot(web, "oldest", SnapshotStatus.COMPLETED, T0);
    Snapshot middle = newSnapshot(db, "middle", SnapshotStatus.FAILED, T0.plusSeconds(60));
    Snapshot newest = newSnapshot(web, "newest", SnapshotStatus.IN_PROGRESS, T0.plusSeconds(120));
    newSnapshot(newServer(newAccount(), ServerStatus.RUNNING), "x", SnapshotStatus.COMPLETED, T0);

    Page<SnapshotView> page =
        list(
            new SnapshotFilter(account, Optional.empty(), Optional.empty()),
            new PageRequest(1, 50));

    assertThat(page.total()).isEqualTo(3);
    assertThat(page.items())
        .extracting(v -> v.snapshot().id())
        .containsExactly(newest.id(), middle.id(), oldest.id());
    assertThat(page.items().get(0).serverName()).isEqualTo(web.name());
  }

  @Test
  void snapshotsCreatedInTheSameInstantAreOrderedByIdDescending() {
    AccountId account = newAccount();
    Server web = newServer(account, ServerStatus.RUNNING);
    Snapshot first = newSnapshot(web, "first", SnapshotStatus.COMPLETED, T0);
    Snapshot second = newSnapshot(web, "second", SnapshotStatus.COMPLETED, T0);

    assertThat(
            list(
                    new SnapshotFilter(account, Optional.empty(), Optional.empty()),
                    new PageRequest(1, 50))
                .items())
        .extracting(v -> v.snapshot().id())
        .containsExactly(second.id(), first.id());
  }

  @Test
  void filtersByServerAndByStatusTogether() {
    AccountId account = newAccount();
    Server web = newServer(account, ServerStatus.RUNNING);
    Server db = newServer(account, ServerStatus.RUNNING);
    Snapshot wanted = newSnapshot(web, "wanted", SnapshotStatus.COMPLETED, T0);
    newSnapshot(web, "failed", SnapshotStatus.FAILED, T0);
    newSnapshot(db, "other-server", SnapshotStatus.COMPLETED, T0);

    Page<SnapshotView> page =
        list(
            new SnapshotFilter(
                account, Optional.of(web.id()), Optional.of(SnapshotStatus.COMPLETED)),
            new PageRequest(1, 50));

    assertThat(page.total()).isEqualTo(1);
    assertThat(page.items()).extracting(v -> v.snapshot().id()).containsExactly(wanted.id());
  }

  @Test
  void anotherAccountsServerFiltersToNothing() {
    Server foreign = newServer(newAccount(), ServerStatus.RUNNING);
    newSnapshot(foreign, "theirs", SnapshotStatus.COMPLETED, T0);

    Page<SnapshotView> page =
        list(
            new SnapshotFilter(newAccount(), Optional.of(foreign.id()), Optional.empty()),
            new PageRequest(1, 50));

    assertThat(page.total()).isZero();
    assertThat(page.items()).isEmpty();
  }

  @Test
  void pagesSliceTheOrderAndAPagePastTheEndIsEmpty() {
    AccountId account = newAccount();
    Server web = newServer(account, ServerStatus.RUNNING);
    for (int i = 0; i < 5; i++) {
      newSnapshot(web, "s" + i, SnapshotStatus.COMPLETED, T0.plusSeconds(i));
    }
    SnapshotFilter all = new SnapshotFilter(account, Optional.empty(), Optional.empty());

    assertThat(list(all, new PageRequest(2, 2)).items())
        .extracting(v -> v.snapshot().name().value())
        .containsExactly("s2", "s1");
    assertThat(list(all, new PageRequest(9, 2)))
        .satisfies(
            p -> {
              assertThat(p.items()).isEmpty();
              assertThat(p.total()).isEqualTo(5);
            });
  }

  @Test
  void oneSnapshotIsFoundByItsOwnerOnly() {
    AccountId account = newAccount();
    Server web = newServer(account, ServerStatus.RUNNING);
    Snapshot snapshot = newSnapshot(web, "mine", SnapshotStatus.COMPLETED, T0);

    assertThat(inTransaction(() -> ports().snapshotQueries().findOwned(account, snapshot.id())))
        .hasValueSatisfying(v -> assertThat(v.serverName()).isEqualTo(web.name()));
    assertThat(
            inTransaction(() -> ports().snapshotQueries().findOwned(newAccount(), snapshot.id())))
        .isEmpty();
  }
}
