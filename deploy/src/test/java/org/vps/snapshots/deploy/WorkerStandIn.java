package org.vps.snapshots.deploy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.work.OperationSteps;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;

/**
 * Ends operations the way a worker does (claim, then succeed or fail under the lease), for tests
 * that run the API without workers.
 */
@ApplicationScoped
public class WorkerStandIn {
  @Inject OperationSteps steps;
  @Inject EntityManager entityManager;

  public void completeSnapshot(SnapshotId snapshot, long sizeMb) {
    Operation held = claim(snapshot, OperationKind.SNAPSHOT);
    steps.succeed(held.id(), held.fence(), Hypervisor.Taken.ofSize(sizeMb));
  }

  public void failSnapshot(SnapshotId snapshot, String reason) {
    Operation held = claim(snapshot, OperationKind.SNAPSHOT);
    steps.fail(held.id(), held.fence(), reason);
  }

  public void completeRestore(ServerId server, SnapshotId from) {
    Operation held = claim(from, OperationKind.RESTORE);
    steps.succeed(held.id(), held.fence(), Hypervisor.Taken.ofSize(0));
  }

  public void failRestore(ServerId server, SnapshotId from, String reason) {
    Operation held = claim(from, OperationKind.RESTORE);
    steps.fail(held.id(), held.fence(), reason);
  }

  private Operation claim(SnapshotId snapshot, OperationKind kind) {
    return steps
        .claim(unended(snapshot, kind), "worker-stand-in")
        .orElseThrow(() -> new IllegalStateException("no operation to claim"))
        .operation();
  }

  /** The operation of {@code kind} on the snapshot that has not ended. */
  @Transactional
  OperationId unended(SnapshotId snapshot, OperationKind kind) {
    Number id =
        (Number)
            entityManager
                .createNativeQuery(
                    "select id from operations where snapshot_id = ?1 and kind = ?2"
                        + " and state in ('queued', 'running') order by id desc limit 1")
                .setParameter(1, snapshot.value())
                .setParameter(2, kind.code())
                .getSingleResult();
    return new OperationId(id.longValue());
  }
}
