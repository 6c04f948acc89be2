package org.vps.snapshots.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.SnapshotFilter;
import org.vps.snapshots.application.port.SnapshotView;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.LabelSelector;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.snapshot.Consistency;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerStatus;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotName;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;

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
    assertThat(page.items().get(2).snapshot().consistency()).contains(Consistency.QUIESCED);
    assertThat(page.items().get(0).snapshot().consistency()).isEmpty();
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
  void totalsFollowEveryChangeOfStatusAndEveryRemoval() {
    AccountId account = newAccount();
    Server web = newServer(account, ServerStatus.RUNNING);
    Server db = newServer(account, ServerStatus.RUNNING);
    Snapshot running = newSnapshot(web, "running", SnapshotStatus.IN_PROGRESS, T0);
    Snapshot failing = newSnapshot(db, "failing", SnapshotStatus.IN_PROGRESS, T0);
    Snapshot gone = newSnapshot(web, "gone", SnapshotStatus.COMPLETED, T0);
    newSnapshot(db, "kept", SnapshotStatus.COMPLETED, T0);
    Clock clock = Clock.fixed(T0.plusSeconds(300), ZoneOffset.UTC);

    running.complete(new OperationId(1), 100, clock);
    failing.fail(new OperationId(2), "broken", clock);
    inTransaction(() -> ports().snapshots().update(running));
    inTransaction(() -> ports().snapshots().update(failing));
    inTransaction(() -> ports().snapshots().remove(gone.id()));

    assertThat(total(account, Optional.empty(), Optional.empty())).isEqualTo(3);
    assertThat(total(account, Optional.empty(), Optional.of(SnapshotStatus.COMPLETED)))
        .isEqualTo(2);
    assertThat(total(account, Optional.empty(), Optional.of(SnapshotStatus.IN_PROGRESS))).isZero();
    assertThat(total(account, Optional.of(db.id()), Optional.of(SnapshotStatus.FAILED)))
        .isEqualTo(1);
    assertThat(total(account, Optional.of(web.id()), Optional.empty())).isEqualTo(1);
    // The totals of one label follow the same changes.
    assertThat(labelled(account, Optional.empty(), Optional.empty())).isEqualTo(3);
    assertThat(labelled(account, Optional.empty(), Optional.of(SnapshotStatus.COMPLETED)))
        .isEqualTo(2);
    assertThat(labelled(account, Optional.of(db.id()), Optional.of(SnapshotStatus.FAILED)))
        .isEqualTo(1);

    inTransaction(() -> ports().snapshots().removeAllOf(db.id()));

    assertThat(total(account, Optional.empty(), Optional.empty())).isEqualTo(1);
    assertThat(total(account, Optional.of(db.id()), Optional.empty())).isZero();
    assertThat(labelled(account, Optional.empty(), Optional.empty())).isEqualTo(1);
  }

  private long labelled(
      AccountId account, Optional<ServerId> server, Optional<SnapshotStatus> status) {
    return list(
            new SnapshotFilter(
                account, server, status, Optional.of(LabelSelector.parse("made-by=contract"))),
            new PageRequest(1, 1))
        .total();
  }

  private long total(
      AccountId account, Optional<ServerId> server, Optional<SnapshotStatus> status) {
    return list(new SnapshotFilter(account, server, status), new PageRequest(1, 1)).total();
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

  /** A customer's read runs in no transaction: it sees what others committed. */
  @Test
  void aReadOutsideATransactionSeesWhatWasCommitted() {
    AccountId account = newAccount();
    Server web = newServer(account, ServerStatus.RUNNING);
    Snapshot older = newSnapshot(web, "older", SnapshotStatus.COMPLETED, T0);
    Snapshot newer = newSnapshot(web, "newer", SnapshotStatus.IN_PROGRESS, T0.plusSeconds(1));

    Page<SnapshotView> page =
        ports()
            .snapshotQueries()
            .list(
                new SnapshotFilter(account, Optional.of(web.id()), Optional.empty()),
                new PageRequest(1, 50));

    assertThat(page.total()).isEqualTo(2);
    assertThat(page.items())
        .extracting(v -> v.snapshot().id())
        .containsExactly(newer.id(), older.id());
    assertThat(ports().snapshotQueries().findOwned(account, older.id()))
        .hasValueSatisfying(v -> assertThat(v.serverName()).isEqualTo(web.name()));
    assertThat(ports().snapshotQueries().findOwned(newAccount(), older.id())).isEmpty();
  }

  /** A read inside a transaction sees the transaction's own writes before they are committed. */
  @Test
  void aReadInsideATransactionSeesItsOwnWrites() {
    AccountId account = newAccount();
    Server web = newServer(account, ServerStatus.RUNNING);
    Snapshot unstored =
        unstoredSnapshot(web, "pending", SnapshotStatus.IN_PROGRESS, T0, new Labels(Map.of()));

    Page<SnapshotView> seen =
        inTransaction(
            () -> {
              ports().snapshots().add(unstored);
              assertThat(ports().snapshotQueries().findOwned(account, unstored.id())).isPresent();
              return ports()
                  .snapshotQueries()
                  .list(
                      new SnapshotFilter(account, Optional.empty(), Optional.empty()),
                      new PageRequest(1, 50));
            });

    assertThat(seen.total()).isEqualTo(1);
    assertThat(seen.items()).extracting(v -> v.snapshot().id()).containsExactly(unstored.id());
  }

  @Test
  void labelsAndProtectionAreReadBackAsStored() {
    AccountId account = newAccount();
    Server web = newServer(account, ServerStatus.RUNNING);
    Labels labels = new Labels(Map.of("env", "prod", "example.com/team", "", "tier", "web"));
    Snapshot snapshot = newSnapshot(web, "labelled", SnapshotStatus.COMPLETED, T0, labels);

    SnapshotView found =
        inTransaction(() -> ports().snapshotQueries().findOwned(account, snapshot.id()))
            .orElseThrow();

    assertThat(found.snapshot().labels()).isEqualTo(labels);
    assertThat(found.snapshot().deleteProtected()).isTrue();
  }

  @Test
  void anEditIsStoredAndSeenByTheSelector() {
    AccountId account = newAccount();
    Server web = newServer(account, ServerStatus.RUNNING);
    Snapshot snapshot = newSnapshot(web, "before", SnapshotStatus.IN_PROGRESS, T0, Labels.NONE);
    Clock clock = Clock.fixed(T0.plusSeconds(300), ZoneOffset.UTC);

    inTransaction(
        () -> {
          snapshot.edit(
              new Snapshot.Edit(
                  Optional.of(new SnapshotName("after")),
                  Optional.of(new Description("edited")),
                  Optional.of(new Labels(Map.of("env", "dev"))),
                  Optional.of(true)),
              ports().snapshots().ofServer(web.id()),
              clock);
          ports().snapshots().update(snapshot);
          return null;
        });

    Page<SnapshotView> page = selected(account, "env=dev");
    assertThat(page.total()).isEqualTo(1);
    Snapshot read = page.items().get(0).snapshot();
    assertThat(read.name().value()).isEqualTo("after");
    assertThat(read.description().value()).isEqualTo("edited");
    assertThat(read.deleteProtected()).isTrue();
  }

  /**
   * Random labels on 60 snapshots, a third of them then relabelled and a few removed, and 300
   * random selectors with a random server, status and page: each lists exactly the snapshots, and
   * the total, that the filter's own definition ({@link SnapshotFilter#wants}) picks.
   */
  @Test
  void aLabelSelectorListsExactlyTheSnapshotsItMatches() {
    Random random = new Random(20261203L);
    AccountId account = newAccount();
    List<Server> servers =
        List.of(newServer(account, ServerStatus.RUNNING), newServer(account, ServerStatus.STOPPED));
    List<Snapshot> stored = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      stored.add(
          newSnapshot(
              servers.get(i % 2),
              "s" + i,
              random.nextBoolean() ? SnapshotStatus.COMPLETED : SnapshotStatus.FAILED,
              T0.plusSeconds(i),
              randomLabels(random)));
    }
    newSnapshot(
        newServer(newAccount(), ServerStatus.RUNNING),
        "elsewhere",
        SnapshotStatus.COMPLETED,
        T0,
        new Labels(Map.of("env", "prod")));
    Clock clock = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);
    for (Snapshot relabelled : stored.subList(0, 20)) {
      Labels labels = randomLabels(random);
      inTransaction(
          () -> {
            relabelled.edit(
                new Snapshot.Edit(
                    Optional.empty(), Optional.empty(), Optional.of(labels), Optional.empty()),
                ports().snapshots().ofServer(relabelled.serverId()),
                clock);
            ports().snapshots().update(relabelled);
            return null;
          });
    }
    for (int i = 0; i < 5; i++) {
      Snapshot removed = stored.remove(random.nextInt(stored.size()));
      inTransaction(() -> ports().snapshots().remove(removed.id()));
    }

    for (int round = 0; round < 300; round++) {
      String text = randomSelector(random);
      Optional<ServerId> server =
          random.nextBoolean() ? Optional.empty() : Optional.of(servers.get(1).id());
      Optional<SnapshotStatus> status =
          switch (random.nextInt(3)) {
            case 0 -> Optional.of(SnapshotStatus.COMPLETED);
            case 1 -> Optional.of(SnapshotStatus.FAILED);
            default -> Optional.empty();
          };
      SnapshotFilter filter =
          new SnapshotFilter(account, server, status, Optional.of(LabelSelector.parse(text)));
      int size = 1 + random.nextInt(12);
      int number = 1 + random.nextInt(3);

      List<Long> expected =
          stored.stream()
              .filter(filter::wants)
              .sorted(Comparator.comparing(Snapshot::createdAt).reversed())
              .map(s -> s.id().value())
              .toList();
      Page<SnapshotView> page = list(filter, new PageRequest(number, size));

      int from = Math.min(expected.size(), (number - 1) * size);
      assertThat(page.items())
          .as("%s on server %s, status %s, page %d of %d", text, server, status, number, size)
          .extracting(v -> v.snapshot().id().value())
          .containsExactlyElementsOf(
              expected.subList(from, Math.min(expected.size(), from + size)));
      assertThat(page.total()).as("total of %s", text).isEqualTo(expected.size());
    }
  }

  /**
   * Selectors that one snapshot in 201 meets, with and without a {@code key=value}: each reads its
   * page by its rare-match plan and still lists exactly that snapshot.
   */
  @Test
  void aSelectorThatFewOfManySnapshotsMeetListsExactlyThem() {
    AccountId account = newAccount();
    List<Server> servers =
        List.of(newServer(account, ServerStatus.RUNNING), newServer(account, ServerStatus.RUNNING));
    for (int i = 0; i < 200; i++) {
      newSnapshot(
          servers.get(i % 2),
          "common-" + i,
          SnapshotStatus.COMPLETED,
          T0.plusSeconds(i),
          new Labels(Map.of("env", "prod")));
    }
    Snapshot rare =
        newSnapshot(
            servers.get(0),
            "rare",
            SnapshotStatus.COMPLETED,
            T0,
            new Labels(Map.of("env", "dev", "tier", "db")));

    for (String text : List.of("tier", "!env,tier", "env!=prod", "tier=db,env!=prod", "env=dev")) {
      Page<SnapshotView> page = selected(account, text);
      List<Long> expected = text.startsWith("!env") ? List.of() : List.of(rare.id().value());
      assertThat(page.items())
          .as(text)
          .extracting(v -> v.snapshot().id().value())
          .containsExactlyElementsOf(expected);
      assertThat(page.total()).as(text).isEqualTo(expected.size());
    }
  }

  /** The first page of 50 of an account's snapshots that {@code selector} selects. */
  private Page<SnapshotView> selected(AccountId account, String selector) {
    return list(
        new SnapshotFilter(
            account,
            Optional.empty(),
            Optional.empty(),
            Optional.of(LabelSelector.parse(selector))),
        new PageRequest(1, 50));
  }

  private static Labels randomLabels(Random random) {
    Map<String, String> labels = new HashMap<>();
    for (String key : KEYS) {
      if (random.nextInt(3) > 0) {
        labels.put(key, VALUES.get(random.nextInt(VALUES.size())));
      }
    }
    return new Labels(labels);
  }

  private static final List<String> KEYS = List.of("env", "tier", "example.com/team");
  private static final List<String> VALUES = List.of("prod", "dev", "", "db");

  private static String randomSelector(Random random) {
    List<String> requirements = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      String key = KEYS.get(random.nextInt(KEYS.size()));
      String value = VALUES.get(random.nextInt(VALUES.size()));
      requirements.add(
          switch (random.nextInt(5)) {
            case 0 -> key + "=" + value;
            case 1 -> key + "==" + value;
            case 2 -> key + "!=" + value;
            case 3 -> key;
            default -> "!" + key;
          });
    }
    return String.join(",", requirements);
  }
}
