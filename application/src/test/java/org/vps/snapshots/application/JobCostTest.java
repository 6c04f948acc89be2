package org.vps.snapshots.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.snapshot.RestoreSnapshot;
import org.vps.snapshots.application.work.OperationSteps;
import org.vps.snapshots.application.work.RunOperation;
import org.vps.snapshots.application.work.RunningJobs;
import org.vps.snapshots.application.work.WorkOutcome;
import org.vps.snapshots.application.work.WorkPolicy;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.operation.OperationState;
import org.vps.snapshots.domain.snapshot.ServerStatus;

/**
 * What a job writes, with progress paced at one write a second as in production: a short job writes
 * its operation when it claims it and when it ends it, and nothing in between that changes nothing.
 */
class JobCostTest {
  final UseCases app = new UseCases();
  final AccountId acme = app.account("acme");
  final ServerId web = app.server(acme, 12345, ServerStatus.RUNNING);
  final WorkPolicy paced =
      new WorkPolicy(3, Duration.ZERO, UseCases.LEASE, UseCases.DEADLINE, Duration.ofSeconds(1));
  final OperationSteps steps =
      new OperationSteps(
          app.store.operations,
          app.store.servers,
          app.store.snapshots,
          app.store.outboxPort,
          paced,
          app.clock);
  final RunOperation run =
      new RunOperation(steps, new RunningJobs(steps, paced), app.hypervisor, paced, app.retries);

  @Test
  void aShortSnapshotJobWritesItsOperationOnlyWhenItClaimsItAndWhenItEndsIt() {
    SnapshotId snapshot = app.create(acme, web, "s").snapshot().id();
    OperationId id = app.operationOf(snapshot, OperationKind.SNAPSHOT);
    int queued = app.store.operationWrites(id);

    assertThat(run.execute(id)).isEqualTo(WorkOutcome.ENDED);

    // Claim (with its first try and the check before the step) and the end (with 100 %); the
    // backend's 50 % within the first second is not written on its own.
    assertThat(app.store.operationWrites(id) - queued).isEqualTo(2);
    assertThat(app.stored(id).state()).isEqualTo(OperationState.SUCCEEDED);
    assertThat(app.stored(id).attempt()).isEqualTo(1);
    assertThat(app.stored(id).progress()).isEqualTo(100);
    assertThat(app.hypervisor.calls()).hasSize(1);
  }

  @Test
  void aRestoreRecordsThatItWritesTheDiskBeforeItDoes() {
    SnapshotId snapshot = app.completed(acme, web, "s");
    OperationId id =
        app.restoreSnapshot.execute(new RestoreSnapshot.Command(acme, snapshot)).operation().id();
    int queued = app.store.operationWrites(id);

    assertThat(run.execute(id)).isEqualTo(WorkOutcome.ENDED);

    assertThat(app.store.operationWrites(id) - queued).isEqualTo(3);
    assertThat(app.stored(id).diskWritten()).isTrue();
    assertThat(app.stored(id).state()).isEqualTo(OperationState.SUCCEEDED);
  }

  @Test
  void aRetryBeginsWithAWriteOfItsOwn() {
    SnapshotId snapshot = app.create(acme, web, "s").snapshot().id();
    OperationId id = app.operationOf(snapshot, OperationKind.SNAPSHOT);
    app.hypervisor.failNext(1);

    assertThat(run.execute(id)).isEqualTo(WorkOutcome.ENDED);

    assertThat(app.stored(id).attempt()).isEqualTo(2);
    assertThat(app.stored(id).state()).isEqualTo(OperationState.SUCCEEDED);
    assertThat(app.hypervisor.calls()).hasSize(2);
  }
}
