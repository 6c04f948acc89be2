package org.vps.snapshots.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Snapshots.Owner;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Server;
import org.vps.snapshots.domain.ServerStatus;
import org.vps.snapshots.domain.Snapshot;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.SnapshotStatus;

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
    snapshot.reportProgress(50);
    snapshot.complete(4856, Clock.fixed(done, ZoneOffset.UTC));

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
  void inProgressSnapshotsStartedBeforeATimeAreFoundOldestFirst() {
    Server server = newServer(newAccount(), ServerStatus.RUNNING);
    Server other = newServer(newAccount(), ServerStatus.RUNNING);
    Instant ancient = Instant.parse("2001-01-01T00:00:00Z");
    Snapshot older = newSnapshot(server, "older", SnapshotStatus.IN_PROGRESS, ancient);
    Snapshot newer =
        newSnapshot(other, "newer", SnapshotStatus.IN_PROGRESS, ancient.plusSeconds(1));
    newSnapshot(server, "done", SnapshotStatus.COMPLETED, ancient);

    var found =
        inTransaction(() -> ports().snapshots().inProgressSince(ancient.plusSeconds(2), 1000));

    assertThat(found).containsSubsequence(older.id(), newer.id());
    assertThat(inTransaction(() -> ports().snapshots().inProgressSince(ancient, 1000)))
        .doesNotContain(older.id(), newer.id());
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
}
