package org.vps.snapshots.domain.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vps.snapshots.domain.snapshot.Fixtures.CLOCK;
import static org.vps.snapshots.domain.snapshot.Fixtures.OP;
import static org.vps.snapshots.domain.snapshot.Fixtures.existing;
import static org.vps.snapshots.domain.snapshot.Fixtures.restoringServer;
import static org.vps.snapshots.domain.snapshot.Fixtures.server;
import static org.vps.snapshots.domain.snapshot.SnapshotStatus.COMPLETED;
import static org.vps.snapshots.domain.snapshot.SnapshotStatus.FAILED;
import static org.vps.snapshots.domain.snapshot.SnapshotStatus.IN_PROGRESS;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vps.snapshots.domain.DomainException;
import org.vps.snapshots.domain.IllegalTransitionException;
import org.vps.snapshots.domain.InvalidValueException;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.event.RestoreCompleted;
import org.vps.snapshots.domain.event.RestoreFailed;
import org.vps.snapshots.domain.event.RestoreStarted;
import org.vps.snapshots.domain.event.SnapshotCreated;
import org.vps.snapshots.domain.event.SnapshotDeleted;

class ServerTest {
  static final SnapshotId NEW_ID = new SnapshotId(802);
  static final SnapshotName NAME = new SnapshotName("before-update-snapshot");

  static Snapshot take(Server server, ServerSnapshots existing) {
    return server.takeSnapshot(
        NEW_ID,
        OP,
        NAME,
        new Description("before update"),
        Labels.NONE,
        existing,
        SnapshotQuota.DEFAULT,
        CLOCK);
  }

  static String codeOf(Runnable action) {
    try {
      action.run();
      return "accepted";
    } catch (DomainException e) {
      return e.code();
    }
  }

  @Nested
  class TakeSnapshot {

    @ParameterizedTest
    @ValueSource(strings = {"running", "stopped"})
    void startsAnInProgressSnapshotFromAPowerState(String status) {
      Server server = server(new ServerStatus(status));

      Snapshot snapshot = take(server, existing(COMPLETED, FAILED));

      assertThat(snapshot.id()).isEqualTo(NEW_ID);
      assertThat(snapshot.status()).isEqualTo(IN_PROGRESS);
      assertThat(snapshot.progress()).isZero();
      assertThat(snapshot.sizeMb()).isEmpty();
      assertThat(snapshot.createdAt()).isEqualTo(CLOCK.instant());
      assertThat(snapshot.pullEvents())
          .singleElement()
          .isInstanceOfSatisfying(
              SnapshotCreated.class,
              event -> {
                assertThat(event.serverId()).isEqualTo(Fixtures.SERVER);
                assertThat(event.name()).isEqualTo(NAME.value());
                assertThat(event.serverStatus()).isEqualTo(status);
              });
    }

    @ParameterizedTest
    @ValueSource(strings = {"provisioning", "suspended"})
    void isRefusedInAnyOtherPlatformState(String status) {
      assertThat(codeOf(() -> take(server(new ServerStatus(status)), existing())))
          .isEqualTo("invalid_server_state");
    }

    @Test
    void isRefusedWhileTheServerIsRestoring() {
      assertThatThrownBy(() -> take(restoringServer(1, ServerStatus.RUNNING), existing(COMPLETED)))
          .isInstanceOfSatisfying(
              StateConflictException.class,
              e -> {
                assertThat(e.code()).isEqualTo("operation_in_progress");
                assertThat(e.blockingSnapshot()).isEqualTo(new SnapshotId(1));
              });
    }

    @Test
    void isRefusedWhileAnotherSnapshotIsInProgressNamingIt() {
      assertThatThrownBy(() -> take(server(ServerStatus.RUNNING), existing(COMPLETED, IN_PROGRESS)))
          .isInstanceOfSatisfying(
              StateConflictException.class,
              e -> {
                assertThat(e.code()).isEqualTo("operation_in_progress");
                assertThat(e.blockingSnapshot()).isEqualTo(new SnapshotId(2));
              });
    }

    @Test
    void theSixthLiveSnapshotIsRefused() {
      ServerSnapshots five = existing(COMPLETED, COMPLETED, COMPLETED, COMPLETED, COMPLETED);

      assertThat(codeOf(() -> take(server(ServerStatus.RUNNING), five)))
          .isEqualTo("snapshot_limit_reached");
    }

    @Test
    void failedSnapshotsDoNotCountTowardsTheLimit() {
      ServerSnapshots fourAndFailures =
          existing(COMPLETED, COMPLETED, COMPLETED, COMPLETED, FAILED, FAILED, FAILED);

      assertThat(take(server(ServerStatus.RUNNING), fourAndFailures).status())
          .isEqualTo(IN_PROGRESS);
    }

    @Test
    void theLimitIsTheConfiguredQuota() {
      Server server = server(ServerStatus.RUNNING);
      SnapshotQuota two = new SnapshotQuota(2);

      assertThat(
              codeOf(
                  () ->
                      server.takeSnapshot(
                          NEW_ID,
                          OP,
                          NAME,
                          Description.NONE,
                          Labels.NONE,
                          existing(COMPLETED, COMPLETED),
                          two,
                          CLOCK)))
          .isEqualTo("snapshot_limit_reached");
    }

    @Test
    void aNameUsedByAnotherSnapshotOfTheServerIsRefused() {
      Server server = server(ServerStatus.RUNNING);

      assertThat(
              codeOf(
                  () ->
                      server.takeSnapshot(
                          NEW_ID,
                          OP,
                          new SnapshotName("snap-1"),
                          Description.NONE,
                          Labels.NONE,
                          existing(FAILED),
                          SnapshotQuota.DEFAULT,
                          CLOCK)))
          .isEqualTo("duplicate_name");
    }
  }

  @Nested
  class StartRestore {

    @ParameterizedTest
    @ValueSource(strings = {"running", "stopped"})
    void putsTheServerIntoRestoringAndRemembersItsPowerState(String status) {
      Server server = server(new ServerStatus(status));

      server.startRestore(new SnapshotId(1), OP, existing(COMPLETED), CLOCK);

      assertThat(server.status()).isEqualTo(ServerStatus.RESTORING);
      assertThat(server.powerStateBeforeRestore()).contains(new ServerStatus(status));
      assertThat(server.restoringFrom()).contains(new SnapshotId(1));
      assertThat(server.pullEvents())
          .singleElement()
          .isInstanceOfSatisfying(
              RestoreStarted.class,
              event -> {
                assertThat(event.snapshotId()).isEqualTo(new SnapshotId(1));
                assertThat(event.powerStateBefore()).isEqualTo(status);
              });
    }

    static Stream<Arguments> refusals() {
      return Stream.of(
          Arguments.of(
              server(ServerStatus.RUNNING), existing(IN_PROGRESS), "operation_in_progress"),
          Arguments.of(server(ServerStatus.RUNNING), existing(FAILED), "snapshot_not_ready"),
          Arguments.of(
              server(ServerStatus.RUNNING),
              existing(COMPLETED, IN_PROGRESS),
              "operation_in_progress"),
          Arguments.of(
              restoringServer(1, ServerStatus.RUNNING),
              existing(COMPLETED),
              "operation_in_progress"),
          Arguments.of(
              server(new ServerStatus("provisioning")),
              existing(COMPLETED),
              "invalid_server_state"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void isRefusedUnlessTheServerIsIdleInAPowerStateAndTheSnapshotCompleted(
        Server server, ServerSnapshots existing, String code) {
      ServerStatus before = server.status();

      assertThat(codeOf(() -> server.startRestore(new SnapshotId(1), OP, existing, CLOCK)))
          .isEqualTo(code);
      assertThat(server.status()).isEqualTo(before);
      assertThat(server.pullEvents()).isEmpty();
    }

    @Test
    void aSnapshotOfAnotherServerIsNotFound() {
      assertThat(
              codeOf(
                  () ->
                      server(ServerStatus.RUNNING)
                          .startRestore(new SnapshotId(99), OP, existing(COMPLETED), CLOCK)))
          .isEqualTo("not_found");
    }
  }

  @Nested
  class EndRestore {

    @ParameterizedTest
    @ValueSource(strings = {"running", "stopped"})
    void completingReturnsTheServerToItsPowerStateBefore(String before) {
      Server server = restoringServer(1, new ServerStatus(before));

      server.completeRestore(OP, CLOCK);

      assertThat(server.status()).isEqualTo(new ServerStatus(before));
      assertThat(server.restoringFrom()).isEmpty();
      assertThat(server.pullEvents())
          .singleElement()
          .isInstanceOfSatisfying(
              RestoreCompleted.class, event -> assertThat(event.serverStatus()).isEqualTo(before));
    }

    @ParameterizedTest
    @ValueSource(strings = {"running", "stopped"})
    void failingReturnsTheServerToItsPowerStateBeforeWithTheReason(String before) {
      Server server = restoringServer(1, new ServerStatus(before));

      server.failRestore(OP, "disk image missing", CLOCK);

      assertThat(server.status()).isEqualTo(new ServerStatus(before));
      assertThat(server.pullEvents())
          .singleElement()
          .isInstanceOfSatisfying(
              RestoreFailed.class,
              event -> {
                assertThat(event.reason()).isEqualTo("disk image missing");
                assertThat(event.serverStatus()).isEqualTo(before);
              });
    }

    @ParameterizedTest
    @ValueSource(strings = {"running", "stopped", "provisioning"})
    void aServerThatIsNotRestoringCannotEndARestore(String status) {
      Server server = server(new ServerStatus(status));

      assertThatThrownBy(() -> server.completeRestore(OP, CLOCK))
          .isInstanceOf(IllegalTransitionException.class);
      assertThatThrownBy(() -> server.failRestore(OP, "x", CLOCK))
          .isInstanceOf(IllegalTransitionException.class);
      assertThat(server.status()).isEqualTo(new ServerStatus(status));
    }
  }

  @Nested
  class DeleteSnapshot {

    @ParameterizedTest
    @ValueSource(strings = {"running", "stopped", "provisioning"})
    void completedAndFailedSnapshotsCanBeDeletedInAnyState(String status) {
      Server server = server(new ServerStatus(status));

      server.deleteSnapshot(new SnapshotId(1), OP, existing(COMPLETED, FAILED), CLOCK);
      server.deleteSnapshot(new SnapshotId(2), OP, existing(COMPLETED, FAILED), CLOCK);

      assertThat(server.pullEvents())
          .extracting(event -> ((SnapshotDeleted) event).lastStatus())
          .containsExactly("completed", "failed");
    }

    @Test
    void aProtectedSnapshotIsRefusedUntilItsProtectionIsLifted() {
      Server server = server(ServerStatus.RUNNING);
      ServerSnapshots existing = existing(COMPLETED);
      Snapshot protectedOne = existing.find(new SnapshotId(1)).orElseThrow();
      protectedOne.edit(
          new Snapshot.Edit(
              Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true)),
          existing,
          CLOCK);

      assertThat(codeOf(() -> server.deleteSnapshot(new SnapshotId(1), OP, existing, CLOCK)))
          .isEqualTo("snapshot_protected");
      assertThat(server.pullEvents()).isEmpty();
    }

    @Test
    void theOperatorRemovingTheServerTakesProtectedSnapshotsToo() {
      Server server = server(ServerStatus.RUNNING);
      ServerSnapshots existing = existing(COMPLETED);
      existing
          .find(new SnapshotId(1))
          .orElseThrow()
          .edit(
              new Snapshot.Edit(
                  Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true)),
              existing,
              CLOCK);

      server.decommission(existing, () -> OP, CLOCK);

      assertThat(server.pullEvents()).singleElement().isInstanceOf(SnapshotDeleted.class);
    }

    @Test
    void anInProgressSnapshotIsBusy() {
      assertThat(
              codeOf(
                  () ->
                      server(ServerStatus.RUNNING)
                          .deleteSnapshot(new SnapshotId(1), OP, existing(IN_PROGRESS), CLOCK)))
          .isEqualTo("snapshot_busy");
    }

    @Test
    void theSnapshotARunningRestoreReadsIsBusyButOthersAreNot() {
      Server server = restoringServer(1, ServerStatus.RUNNING);

      assertThat(
              codeOf(
                  () ->
                      server.deleteSnapshot(
                          new SnapshotId(1), OP, existing(COMPLETED, COMPLETED), CLOCK)))
          .isEqualTo("snapshot_busy");
      assertThat(
              codeOf(
                  () ->
                      server.deleteSnapshot(
                          new SnapshotId(2), OP, existing(COMPLETED, COMPLETED), CLOCK)))
          .isEqualTo("accepted");
    }

    @Test
    void decommissioningDeletesEverySnapshot() {
      Server server = server(ServerStatus.RUNNING);

      server.decommission(existing(COMPLETED, IN_PROGRESS, FAILED), () -> OP, CLOCK);

      assertThat(server.pullEvents()).hasSize(3).allMatch(SnapshotDeleted.class::isInstance);
    }
  }

  @Nested
  class PlatformChanges {

    @ParameterizedTest
    @ValueSource(strings = {"running", "stopped", "provisioning"})
    void thePlatformMovesAnIdleServerToAnyStateButRestoring(String status) {
      Server server = server(ServerStatus.RUNNING);

      server.changeStatus(new ServerStatus(status));
      assertThat(server.status()).isEqualTo(new ServerStatus(status));

      assertThatThrownBy(() -> server.changeStatus(ServerStatus.RESTORING))
          .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void thePlatformCannotMoveARestoringServer() {
      Server server = restoringServer(1, ServerStatus.RUNNING);

      assertThat(codeOf(() -> server.changeStatus(ServerStatus.STOPPED)))
          .isEqualTo("operation_in_progress");
      assertThat(server.status()).isEqualTo(ServerStatus.RESTORING);
    }

    @Test
    void aServerIsNeverRegisteredAsRestoring() {
      assertThatThrownBy(() -> server(ServerStatus.RESTORING))
          .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void renamingWorksInEveryState() {
      Server restoring = restoringServer(1, ServerStatus.STOPPED);

      restoring.rename(new ServerName("web-server-02"));

      assertThat(restoring.name().value()).isEqualTo("web-server-02");
    }
  }
}
