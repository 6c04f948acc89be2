package org.vps.snapshots.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Snapshots.Owner;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.Consistency;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerSnapshots;
import org.vps.snapshots.domain.snapshot.ServerStatus;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;

/** The contract of the {@code Snapshots} port. */
public abstract class SnapshotsContract extends PortContract {
  static final Instant T0 = Instant.parse("2025-01-15T18:30:00.123456Z");

  @Test
  void idsAreNeverHandedOutTwice() {
    SnapshotId first = inTransaction(() -> ports().snapshots().nextId());
    SnapshotId second = inTransaction(() -> ports().snapshots().nextId());

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void aStoredSnapshotKeepsEveryFieldThroughAnUpdate() {
    Server server = newServer(newAccount(), ServerStatus.RUNNING);
    Snapshot snapshot = newSnapshot(server, "roundtrip", SnapshotStatus.IN_PROGRESS, T0);
    Instant done = T0.plusSeconds(300).truncatedTo(ChronoUnit.MICROS);
    snapshot.complete(
        new OperationId(1),
        4856,
        Optional.of(Consistency.MEMORY),
        Clock.fixed(done, ZoneOffset.UTC));

    inTransaction(() -> ports().snapshots().update(snapshot));

    Snapshot read =
        inTransaction(() -> ports().snapshots().ofServer(server.id()).find(snapshot.id()))
            .orElseThrow();
    assertThat(read.name()).isEqualTo(snapshot.name());
    assertThat(read.description()).isEqualTo(snapshot.description());
    assertThat(read.accountId()).isEqualTo(server.accountId());
    assertThat(read.createdAt()).isEqualTo(T0);
    assertThat(read.status()).isEqualTo(SnapshotStatus.COMPLETED);
    assertThat(read.sizeMb()).hasValue(4856);
    assertThat(read.progress()).isEqualTo(100);
    assertThat(read.finishedAt()).contains(done);
    assertThat(read.consistency()).contains(Consistency.MEMORY);
  }

  @Test
  void withinOneTransactionAReadSeesTheChangesBeforeIt() {
    Server server = newServer(newAccount(), ServerStatus.RUNNING);
    Snapshot kept = newSnapshot(server, "kept", SnapshotStatus.IN_PROGRESS, T0);
    Snapshot removed = newSnapshot(server, "removed", SnapshotStatus.COMPLETED, T0);
    kept.complete(new OperationId(1), 7, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));

    var read =
        inTransaction(
            () -> {
              ports().snapshots().update(kept);
              ports().snapshots().remove(removed.id());
              return ports().snapshots().ofServer(server.id());
            });

    assertThat(read.find(removed.id())).isEmpty();
    assertThat(read.find(kept.id()).orElseThrow().sizeMb()).hasValue(7);
  }

  @Test
  void aFailureReasonIsKept() {
    Server server = newServer(newAccount(), ServerStatus.RUNNING);
    Snapshot snapshot = newSnapshot(server, "failing", SnapshotStatus.FAILED, T0);

    Snapshot read =
        inTransaction(() -> ports().snapshots().ofServer(server.id()).find(snapshot.id()))
            .orElseThrow();

    assertThat(read.failureReason()).contains("broken disk");
    assertThat(read.sizeMb()).isEmpty();
    assertThat(read.consistency()).isEmpty();
  }

  @Test
  void theOwnerOfASnapshotIsKnownWithoutLoadingIt() {
    AccountId account = newAccount();
    Server server = newServer(account, ServerStatus.RUNNING);
    Snapshot snapshot = newSnapshot(server, "owned", SnapshotStatus.COMPLETED, T0);

    assertThat(inTransaction(() -> ports().snapshots().ownerOf(snapshot.id())))
        .contains(new Owner(account, server.id()));
    assertThat(inTransaction(() -> ports().snapshots().ownerOf(new SnapshotId(Long.MAX_VALUE))))
        .isEmpty();
  }

  @Test
  void aServersSnapshotsAreOnlyItsOwn() {
    AccountId account = newAccount();
    Server one = newServer(account, ServerStatus.RUNNING);
    Server two = newServer(account, ServerStatus.RUNNING);
    Snapshot a = newSnapshot(one, "a", SnapshotStatus.COMPLETED, T0);
    Snapshot b = newSnapshot(one, "b", SnapshotStatus.FAILED, T0.plusSeconds(1));
    newSnapshot(two, "c", SnapshotStatus.COMPLETED, T0);

    assertThat(inTransaction(() -> ports().snapshots().ofServer(one.id())).all())
        .extracting(Snapshot::id)
        .containsExactlyInAnyOrder(a.id(), b.id());
  }

  @Test
  void progressIsShownOnInProgressSnapshotsOnly() {
    Server server = newServer(newAccount(), ServerStatus.RUNNING);
    Snapshot running = newSnapshot(server, "running", SnapshotStatus.IN_PROGRESS, T0);
    Snapshot done = newSnapshot(server, "done", SnapshotStatus.COMPLETED, T0);

    inTransaction(() -> ports().snapshots().updateProgress(running.id(), 40));
    inTransaction(() -> ports().snapshots().updateProgress(done.id(), 40));

    var stored = inTransaction(() -> ports().snapshots().ofServer(server.id()));
    assertThat(stored.find(running.id()).orElseThrow().progress()).isEqualTo(40);
    assertThat(stored.find(done.id()).orElseThrow().progress()).isEqualTo(100);
  }

  @Test
  void theDataOfSnapshotsThatExistAndDidNotFailIsWanted() {
    Server server = newServer(newAccount(), ServerStatus.RUNNING);
    Snapshot running = newSnapshot(server, "running", SnapshotStatus.IN_PROGRESS, T0);
    Snapshot done = newSnapshot(server, "done", SnapshotStatus.COMPLETED, T0);
    Snapshot failed = newSnapshot(server, "failed", SnapshotStatus.FAILED, T0);
    SnapshotId gone = new SnapshotId(Long.MAX_VALUE - 7);

    assertThat(
            inTransaction(
                () ->
                    ports().snapshots().wanted(Set.of(running.id(), done.id(), failed.id(), gone))))
        .containsExactlyInAnyOrder(running.id(), done.id());
  }

  @Test
  void removedSnapshotsAreGoneOneByOneOrAllOfAServer() {
    AccountId account = newAccount();
    Server server = newServer(account, ServerStatus.RUNNING);
    Snapshot a = newSnapshot(server, "a", SnapshotStatus.COMPLETED, T0);
    newSnapshot(server, "b", SnapshotStatus.COMPLETED, T0);
    newSnapshot(server, "c", SnapshotStatus.COMPLETED, T0);

    inTransaction(() -> ports().snapshots().remove(a.id()));
    assertThat(inTransaction(() -> ports().snapshots().ofServer(server.id())).all()).hasSize(2);

    inTransaction(() -> ports().snapshots().removeAllOf(server.id()));
    assertThat(inTransaction(() -> ports().snapshots().ofServer(server.id())).all()).isEmpty();
  }

  @Test
  void snapshotsAddedTogetherAreEachStoredAndReadBackServerByServer() {
    AccountId owner = newAccount();
    Server first = newServer(owner, ServerStatus.RUNNING);
    Server second = newServer(owner, ServerStatus.RUNNING);
    Server bare = newServer(owner, ServerStatus.RUNNING);
    Snapshot older =
        unstoredSnapshot(
            first, "older", SnapshotStatus.COMPLETED, T0, new Labels(Map.of("a", "1")));
    Snapshot newer =
        unstoredSnapshot(
            first, "newer", SnapshotStatus.IN_PROGRESS, T0.plusSeconds(60), Labels.NONE);
    Snapshot other =
        unstoredSnapshot(second, "other", SnapshotStatus.FAILED, T0, new Labels(Map.of("b", "2")));

    inTransaction(() -> ports().snapshots().addAll(List.of(newer, other, older)));
    Map<ServerId, ServerSnapshots> read =
        inTransaction(
            () -> ports().snapshots().ofServers(Set.of(first.id(), second.id(), bare.id())));

    assertThat(read).containsOnlyKeys(first.id(), second.id(), bare.id());
    assertThat(read.get(first.id()).all())
        .extracting(Snapshot::id)
        .containsExactly(older.id(), newer.id());
    assertThat(read.get(second.id()).all()).extracting(Snapshot::id).containsExactly(other.id());
    assertThat(read.get(bare.id()).all()).isEmpty();
    Snapshot readOther = read.get(second.id()).find(other.id()).orElseThrow();
    assertThat(readOther.labels()).isEqualTo(other.labels());
    assertThat(readOther.status()).isEqualTo(SnapshotStatus.FAILED);
    assertThat(readOther.failureReason()).isEqualTo(other.failureReason());
    assertThat(readOther.finishedAt()).isEqualTo(other.finishedAt());
    assertThat(read.get(first.id()).find(older.id()).orElseThrow().sizeMb()).hasValue(5120);
  }
}
