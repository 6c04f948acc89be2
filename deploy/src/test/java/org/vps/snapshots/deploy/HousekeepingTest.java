package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.idempotency.ForgetExpiredIdempotencyKeys;
import org.vps.snapshots.application.work.ReconcileBackend;
import org.vps.snapshots.application.work.SuperviseOperations;

/**
 * A periodic task that fails is an error the scheduler reports, except when the node's shutdown
 * closed the database under it: that one ends quietly (it used to log an error at every stop).
 */
class HousekeepingTest {
  static final class ClosedStore extends SuperviseOperations {
    int runs;

    ClosedStore() {
      super(null);
    }

    @Override
    public int execute() {
      runs++;
      throw new IllegalStateException("EntityManagerFactory is closed");
    }
  }

  final ClosedStore store = new ClosedStore();
  final Housekeeping housekeeping = housekeeping(() -> true);

  Housekeeping housekeeping(BooleanSupplier containerRunning) {
    return new Housekeeping(
        store,
        new ReconcileBackend(null, null, null),
        new ForgetExpiredIdempotencyKeys(null, null),
        new org.vps.snapshots.application.schedule.FireSchedules(
            null, org.vps.snapshots.application.schedule.SchedulePolicy.DEFAULT),
        new SimpleMeterRegistry(),
        Duration.ofHours(1),
        true,
        containerRunning);
  }

  @Test
  void aFailingTaskIsReportedWhileTheNodeRuns() {
    assertThatThrownBy(housekeeping::supervise)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aTaskTheShutdownCutOffEndsQuietly() {
    housekeeping.stopping(new ShutdownEvent());

    assertThatCode(housekeeping::supervise).doesNotThrowAnyException();
    assertThatCode(housekeeping::reconcile).doesNotThrowAnyException();
    assertThatCode(housekeeping::forgetExpiredIdempotencyKeys).doesNotThrowAnyException();
  }

  /**
   * A tick that fires after the container has shut down reaches a new instance of the bean (its
   * context was destroyed), one that never observed the shutdown: it must not run the task either.
   */
  @Test
  void aTickAfterTheContainerStoppedRunsNothing() {
    Housekeeping afterShutdown = housekeeping(() -> false);

    assertThatCode(afterShutdown::supervise).doesNotThrowAnyException();
    assertThat(store.runs).isZero();
  }
}
