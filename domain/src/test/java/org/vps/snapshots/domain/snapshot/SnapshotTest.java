package org.vps.snapshots.domain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vps.snapshots.domain.snapshot.Fixtures.CLOCK;
import static org.vps.snapshots.domain.snapshot.Fixtures.OP;
import static org.vps.snapshots.domain.snapshot.Fixtures.snapshot;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vps.snapshots.domain.DomainException;
import org.vps.snapshots.domain.IllegalTransitionException;
import org.vps.snapshots.domain.event.SnapshotCompleted;
import org.vps.snapshots.domain.event.SnapshotFailed;

class SnapshotTest {

  @Test
  void completingAnInProgressSnapshotRecordsItsSizeAndFullProgress() {
    Snapshot snapshot = snapshot(802, SnapshotStatus.IN_PROGRESS);

    snapshot.complete(OP, 4096, CLOCK);

    assertThat(snapshot.status()).isEqualTo(SnapshotStatus.COMPLETED);
    assertThat(snapshot.sizeMb()).hasValue(4096);
    assertThat(snapshot.progress()).isEqualTo(100);
    assertThat(snapshot.finishedAt()).contains(CLOCK.instant());
    assertThat(snapshot.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            SnapshotCompleted.class,
            event -> {
              assertThat(event.snapshotId().value()).isEqualTo(802);
              assertThat(event.sizeMb()).isEqualTo(4096);
              assertThat(event.occurredAt()).isEqualTo(CLOCK.instant());
              assertThat(event.eventId()).isNotNull();
            });
  }

  @Test
  void failingAnInProgressSnapshotKeepsTheReasonAndFreesItsQuotaPlace() {
    Snapshot snapshot = snapshot(802, SnapshotStatus.IN_PROGRESS);

    snapshot.fail(OP, "hypervisor unreachable", CLOCK);

    assertThat(snapshot.status()).isEqualTo(SnapshotStatus.FAILED);
    assertThat(snapshot.failureReason()).contains("hypervisor unreachable");
    assertThat(snapshot.sizeMb()).isEmpty();
    assertThat(snapshot.countsTowardsQuota()).isFalse();
    assertThat(snapshot.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            SnapshotFailed.class,
            event -> assertThat(event.reason()).isEqualTo("hypervisor unreachable"));
  }

  @Test
  void aFailureReasonIsNeverEmptyAndNeverLongerThan500Characters() {
    Snapshot blank = snapshot(1, SnapshotStatus.IN_PROGRESS);
    Snapshot verbose = snapshot(2, SnapshotStatus.IN_PROGRESS);

    blank.fail(OP, "  ", CLOCK);
    verbose.fail(OP, "x".repeat(2000), CLOCK);

    assertThat(blank.failureReason()).contains("unknown failure");
    assertThat(verbose.failureReason().orElseThrow()).hasSize(500);
  }

  @ParameterizedTest
  @EnumSource(
      value = SnapshotStatus.class,
      names = {"COMPLETED", "FAILED"})
  void anEndedSnapshotCanBeNeitherCompletedNorFailedAgain(SnapshotStatus ended) {
    Snapshot snapshot = snapshot(1, ended);

    assertThatThrownBy(() -> snapshot.complete(OP, 1, CLOCK))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> snapshot.fail(OP, "late", CLOCK))
        .isInstanceOf(IllegalTransitionException.class);
    assertThat(snapshot.status()).isEqualTo(ended);
    assertThat(snapshot.pullEvents()).isEmpty();
  }

  @Test
  void aNegativeSizeIsABugOfTheCallersNotAnInputToRefuse() {
    Snapshot snapshot = snapshot(1, SnapshotStatus.IN_PROGRESS);

    assertThatThrownBy(() -> snapshot.complete(OP, -1, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(DomainException.class);
    assertThat(snapshot.status()).isEqualTo(SnapshotStatus.IN_PROGRESS);
  }

  @ParameterizedTest
  @EnumSource(SnapshotStatus.class)
  void onlyFailedSnapshotsStayOutOfTheQuota(SnapshotStatus status) {
    assertThat(snapshot(1, status).countsTowardsQuota()).isEqualTo(status != SnapshotStatus.FAILED);
  }

  @Test
  void eventsAreHandedOverOnce() {
    Snapshot snapshot = snapshot(1, SnapshotStatus.IN_PROGRESS);
    snapshot.complete(OP, 10, CLOCK);

    assertThat(snapshot.pullEvents()).hasSize(1);
    assertThat(snapshot.pullEvents()).isEmpty();
  }

  @Test
  void anEditChangesWhatItNamesAndTellsOnlyThat() {
    Snapshot snapshot = snapshot(3, SnapshotStatus.COMPLETED);
    var labels = new org.vps.snapshots.domain.Labels(Map.of("env", "prod"));

    snapshot.edit(
        new Snapshot.Edit(
            Optional.of(new SnapshotName("renamed")),
            Optional.empty(),
            Optional.of(labels),
            Optional.of(true)),
        Fixtures.existing(SnapshotStatus.COMPLETED, SnapshotStatus.COMPLETED),
        CLOCK);

    assertThat(snapshot.name().value()).isEqualTo("renamed");
    assertThat(snapshot.description().value()).isEqualTo("taken in a test");
    assertThat(snapshot.labels()).isEqualTo(labels);
    assertThat(snapshot.deleteProtected()).isTrue();
    assertThat(snapshot.pullEvents())
        .singleElement()
        .isInstanceOfSatisfying(
            org.vps.snapshots.domain.event.SnapshotUpdated.class,
            event -> {
              assertThat(event.name()).isEqualTo("renamed");
              assertThat(event.newName()).isEqualTo("renamed");
              assertThat(event.newDescription()).isNull();
              assertThat(event.newLabels()).isEqualTo(labels);
              assertThat(event.newDeleteProtected()).isTrue();
              assertThat(event.operationId()).isNull();
            });
  }

  @Test
  void anEditThatChangesNothingTellsNothing() {
    Snapshot snapshot = snapshot(3, SnapshotStatus.IN_PROGRESS);

    snapshot.edit(
        new Snapshot.Edit(
            Optional.of(new SnapshotName("snap-3")),
            Optional.of(new Description("taken in a test")),
            Optional.of(org.vps.snapshots.domain.Labels.NONE),
            Optional.of(false)),
        Fixtures.existing(SnapshotStatus.COMPLETED),
        CLOCK);

    assertThat(snapshot.pullEvents()).isEmpty();
  }

  @Test
  void aNewNameMustBeFreeOnTheServer() {
    Snapshot snapshot = snapshot(3, SnapshotStatus.COMPLETED);

    assertThatThrownBy(
            () ->
                snapshot.edit(
                    new Snapshot.Edit(
                        Optional.of(new SnapshotName("snap-1")),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()),
                    Fixtures.existing(SnapshotStatus.COMPLETED, SnapshotStatus.FAILED),
                    CLOCK))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.code()).isEqualTo("duplicate_name"));
    assertThat(snapshot.name().value()).isEqualTo("snap-3");
  }
}
