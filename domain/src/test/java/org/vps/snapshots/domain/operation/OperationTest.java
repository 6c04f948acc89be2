package org.vps.snapshots.domain.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.IllegalTransitionException;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

class OperationTest {
  static final Instant T0 = Instant.parse("2025-01-16T16:15:00Z");
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration DEADLINE = Duration.ofMinutes(30);
  static final String LATE = "The operation did not finish within 30 minutes.";

  static Operation queued(OperationKind kind) {
    return Operation.queue(
        new OperationId(9),
        kind,
        new AccountId(7),
        new ServerId(12345),
        null,
        new SnapshotId(801),
        T0,
        DEADLINE);
  }

  static Operation claimed(OperationKind kind) {
    Operation operation = queued(kind);
    assertThat(operation.claim("worker-a", T0, LEASE, 3)).isEqualTo(Operation.Claim.CLAIMED);
    return operation;
  }

  static Instant after(Duration duration) {
    return T0.plus(duration);
  }

  @Nested
  class Claiming {
    @Test
    void aClaimTakesAQueuedOperationWithANewFencingNumberAndALease() {
      Operation operation = claimed(OperationKind.SNAPSHOT);

      assertThat(operation.state()).isEqualTo(OperationState.RUNNING);
      assertThat(operation.fence()).isEqualTo(1);
      assertThat(operation.leaseOwner()).hasValue("worker-a");
      assertThat(operation.leaseExpiresAt()).hasValue(after(LEASE));
      assertThat(operation.startedAt()).hasValue(T0);
    }

    @Test
    void aRunningOperationStaysWithItsHolderEvenOnceItsLeaseExpired() {
      Operation operation = claimed(OperationKind.SNAPSHOT);

      assertThat(operation.claim("worker-b", after(Duration.ofSeconds(5)), LEASE, 3))
          .isEqualTo(Operation.Claim.HELD);
      assertThat(operation.claim("worker-b", after(Duration.ofMinutes(5)), LEASE, 3))
          .isEqualTo(Operation.Claim.HELD);
      assertThat(operation.leaseOwner()).hasValue("worker-a");
    }

    @ParameterizedTest
    @EnumSource(OperationKind.class)
    void anEndedOperationIsNeverClaimedAgain(OperationKind kind) {
      Operation operation = claimed(kind);
      operation.succeed(1, T0);

      assertThat(operation.claim("worker-b", T0, LEASE, 3)).isEqualTo(Operation.Claim.ENDED);
      assertThat(operation.state()).isEqualTo(OperationState.SUCCEEDED);
    }

    @Test
    void anOperationWhoseAttemptsAreUsedUpFailsInsteadOfBeingClaimed() {
      Operation operation = claimed(OperationKind.SNAPSHOT);
      operation.startAttempt(1, T0, LEASE);
      operation.startAttempt(1, T0, LEASE);
      operation.release(1, T0);

      assertThat(operation.claim("worker-b", T0, LEASE, 1)).isEqualTo(Operation.Claim.EXHAUSTED);
      assertThat(operation.state()).isEqualTo(OperationState.FAILED);
      assertThat(operation.error().orElseThrow()).contains("given up after 1 attempts");
    }
  }

  @Nested
  class TheHolder {
    @Test
    void renewingMovesTheLeaseOnAndTellsOfAStopRequest() {
      Operation operation = claimed(OperationKind.SNAPSHOT);
      Instant later = after(Duration.ofSeconds(20));

      assertThat(operation.renew(1, later, LEASE)).isEmpty();
      assertThat(operation.leaseExpiresAt()).hasValue(later.plus(LEASE));

      operation.askToStop(Operation.StopRequest.DEADLINE, LATE, later);
      assertThat(operation.renew(1, later, LEASE)).hasValue(Operation.StopRequest.DEADLINE);
      assertThat(operation.state()).isEqualTo(OperationState.RUNNING);
    }

    @Test
    void aStaleFencingNumberIsRefusedEverything() {
      Operation operation = claimed(OperationKind.RESTORE);
      Instant expired = after(LEASE.plusSeconds(1));
      operation.takeOver(expired, LATE);
      operation.claim("worker-b", expired, LEASE, 3);

      assertThatThrownBy(() -> operation.renew(1, expired, LEASE))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> operation.reportProgress(1, 50, expired))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> operation.startStep(1, expired, LEASE))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> operation.succeed(1, expired))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> operation.fail(1, "x", expired))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> operation.release(1, expired))
          .isInstanceOf(LeaseLostException.class);
      assertThat(operation.fence()).isEqualTo(3);
      assertThat(operation.leaseOwner()).hasValue("worker-b");
    }

    @Test
    void anExpiredLeaseStartsNoStepAndReportsNothingEvenBeforeAnyoneTookItOver() {
      Operation operation = claimed(OperationKind.SNAPSHOT);
      Instant expired = after(LEASE.plusSeconds(1));

      assertThatThrownBy(() -> operation.startStep(1, expired, LEASE))
          .isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> operation.reportProgress(1, 10, expired))
          .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void aStepIsNotStartedOnceAStopWasAskedAndARestoreCountsItsDiskAsWrittenFromItsFirstStep() {
      Operation restore = claimed(OperationKind.RESTORE);
      assertThat(restore.diskWritten()).isFalse();

      assertThat(restore.startStep(1, T0, LEASE)).isEmpty();
      assertThat(restore.diskWritten()).isTrue();

      Operation snapshot = claimed(OperationKind.SNAPSHOT);
      snapshot.askToStop(Operation.StopRequest.CANCEL, LATE, T0);
      assertThat(snapshot.startStep(1, T0, LEASE)).hasValue(Operation.StopRequest.CANCEL);
      assertThat(snapshot.diskWritten()).isFalse();
    }

    @Test
    void progressOnlyMovesForwardAndStaysBelow100UntilItSucceeds() {
      Operation operation = claimed(OperationKind.SNAPSHOT);

      assertThat(operation.reportProgress(1, 60, T0)).isTrue();
      assertThat(operation.reportProgress(1, 30, T0)).isFalse();
      assertThat(operation.reportProgress(1, 60, T0)).isFalse();
      assertThat(operation.progress()).isEqualTo(60);
      operation.reportProgress(1, 100, T0);
      assertThat(operation.progress()).isEqualTo(99);

      operation.succeed(1, T0);
      assertThat(operation.progress()).isEqualTo(100);
    }

    @Test
    void anOperationEndsOnceAndThenRefusesEveryOtherEnd() {
      Operation operation = claimed(OperationKind.SNAPSHOT);
      operation.fail(1, "storage node unreachable", after(Duration.ofSeconds(3)));

      assertThat(operation.state()).isEqualTo(OperationState.FAILED);
      assertThat(operation.error()).hasValue("storage node unreachable");
      assertThat(operation.finishedAt()).hasValue(after(Duration.ofSeconds(3)));
      assertThat(operation.leaseOwner()).isEmpty();
      assertThatThrownBy(() -> operation.succeed(1, T0)).isInstanceOf(LeaseLostException.class);
      assertThatThrownBy(() -> operation.fail(1, "again", T0))
          .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void aHolderAskedToStopEndsItAsFailedPastTheDeadlineAndAsCancelledForARemovedServer() {
      Operation late = claimed(OperationKind.SNAPSHOT);
      late.askToStop(Operation.StopRequest.DEADLINE, LATE, T0);
      late.stopAsAsked(1, LATE, T0);
      assertThat(late.state()).isEqualTo(OperationState.FAILED);
      assertThat(late.error()).hasValue(LATE);

      Operation removed = claimed(OperationKind.SNAPSHOT);
      removed.askToStop(Operation.StopRequest.CANCEL, LATE, T0);
      removed.askToStop(Operation.StopRequest.DEADLINE, LATE, T0);
      removed.stopAsAsked(1, LATE, T0);
      assertThat(removed.state()).isEqualTo(OperationState.CANCELLED);
    }

    @Test
    void aReleasedOperationIsQueuedAgainWithoutCountingTheInterruptedAttempt() {
      Operation operation = claimed(OperationKind.SNAPSHOT);
      operation.startAttempt(1, T0, LEASE);
      operation.release(1, after(Duration.ofSeconds(2)));

      assertThat(operation.state()).isEqualTo(OperationState.QUEUED);
      assertThat(operation.attempt()).isZero();
      assertThat(operation.leaseOwner()).isEmpty();
      assertThat(operation.queuedAt()).isEqualTo(after(Duration.ofSeconds(2)));
      assertThat(operation.claim("worker-b", T0, LEASE, 3)).isEqualTo(Operation.Claim.CLAIMED);
      assertThat(operation.fence()).isEqualTo(2);
    }
  }

  @Nested
  class Others {
    @Test
    void aLiveLeaseIsOnlyAskedNeverEndedByAnotherAndCannotBeTakenOver() {
      Operation operation = queued(OperationKind.RESTORE);
      operation.claim("worker-a", T0, DEADLINE.multipliedBy(2), 3);
      Instant pastDeadline = after(DEADLINE.plusSeconds(1));

      assertThat(operation.askToStop(Operation.StopRequest.DEADLINE, LATE, pastDeadline)).isFalse();
      assertThat(operation.state()).isEqualTo(OperationState.RUNNING);
      assertThat(operation.stopRequest()).hasValue(Operation.StopRequest.DEADLINE);
      assertThatThrownBy(() -> operation.takeOver(pastDeadline, LATE))
          .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void aQueuedOperationHasNoHolderAndEndsAtOnceWhenAsked() {
      Operation late = queued(OperationKind.SNAPSHOT);
      assertThat(late.askToStop(Operation.StopRequest.DEADLINE, LATE, T0)).isTrue();
      assertThat(late.state()).isEqualTo(OperationState.FAILED);

      Operation removed = queued(OperationKind.RESTORE);
      assertThat(removed.askToStop(Operation.StopRequest.CANCEL, LATE, T0)).isTrue();
      assertThat(removed.state()).isEqualTo(OperationState.CANCELLED);
    }

    @Test
    void anExpiredLeaseIsTakenOverWithANewFencingNumberAndQueuedAgainBeforeTheDeadline() {
      Operation operation = claimed(OperationKind.SNAPSHOT);
      Instant expired = after(LEASE.plusSeconds(1));

      assertThat(operation.takeOver(expired, LATE)).isEqualTo(Operation.Takeover.REQUEUED);
      assertThat(operation.state()).isEqualTo(OperationState.QUEUED);
      assertThat(operation.fence()).isEqualTo(2);
      assertThat(operation.leaseOwner()).isEmpty();
    }

    @Test
    void anExpiredLeasePastTheDeadlineEndsItAsFailed() {
      Operation operation = claimed(OperationKind.SNAPSHOT);

      assertThat(operation.takeOver(after(DEADLINE.plusSeconds(1)), LATE))
          .isEqualTo(Operation.Takeover.FAILED);
      assertThat(operation.error()).hasValue(LATE);
    }

    @Test
    void aRestoreWhoseWriterVanishedMidWriteEndsWithItsDiskStateUnknown() {
      Operation operation = claimed(OperationKind.RESTORE);
      operation.startStep(1, T0, LEASE);

      assertThat(operation.takeOver(after(LEASE.plusSeconds(1)), LATE))
          .isEqualTo(Operation.Takeover.DISK_STATE_UNKNOWN);
      assertThat(operation.state()).isEqualTo(OperationState.FAILED);
      assertThat(operation.error()).hasValue(Operation.DISK_STATE_UNKNOWN);
    }

    @Test
    void aCancelledOperationWhoseHolderVanishedEndsCancelled() {
      Operation operation = claimed(OperationKind.SNAPSHOT);
      operation.askToStop(Operation.StopRequest.CANCEL, LATE, T0);

      assertThat(operation.takeOver(after(LEASE.plusSeconds(1)), LATE))
          .isEqualTo(Operation.Takeover.CANCELLED);
    }

    @Test
    void aQueuedOperationNobodyTookIsRungAgainAfterItsPatience() {
      Operation operation = queued(OperationKind.PURGE);

      assertThat(operation.waitsLongerThan(LEASE, after(Duration.ofSeconds(10)))).isFalse();
      assertThat(operation.waitsLongerThan(LEASE, after(Duration.ofSeconds(31)))).isTrue();
      operation.requeued(after(Duration.ofSeconds(31)));
      assertThat(operation.waitsLongerThan(LEASE, after(Duration.ofSeconds(40)))).isFalse();
    }
  }
}
