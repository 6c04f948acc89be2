package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.Hypervisor.Stored;
import org.vps.snapshots.application.work.OperationSteps;
import org.vps.snapshots.application.work.ReconcileBackend;
import org.vps.snapshots.application.work.RunOperation;
import org.vps.snapshots.application.work.WorkOutcome;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.hypervisor.LibvirtHypervisor;
import org.vps.snapshots.persistence.PostgresResource;

/**
 * A worker killed in the middle of a snapshot on the libvirt backend, after libvirt took it: its
 * lease runs out, and either the next worker ends the snapshot once with what libvirt holds, or the
 * operation ran out of time and the reconciler removes what libvirt holds. Either way libvirt is
 * left holding exactly the snapshots the database wants. The test plays both workers' steps itself,
 * through the service's own use cases, against the real guest.
 */
@Tag("libvirt")
@QuarkusTest
@TestProfile(Profiles.ShortLeasesAndDeadline.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(
    value = LibvirtHostResource.class,
    restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "workers", value = "false"))
class LibvirtTakeoverTest {
  static final ServerId SERVER = new ServerId(LibvirtHostResource.SERVER);

  @Inject DemoData demoData;
  @Inject OperationSteps steps;
  @Inject RunOperation runOperation;
  @Inject ReconcileBackend reconcile;
  @Inject WorkerStandIn standIn;

  Platform.Customer demo;
  LibvirtHypervisor libvirt;

  @BeforeEach
  void theDemoCustomerAndTheHost() {
    demo = Platform.Customer.demo(demoData);
    libvirt = new LibvirtHypervisor(LibvirtHostResource.host().config());
  }

  @Test
  void theNextWorkerEndsTheSnapshotOnceWithWhatLibvirtTookForTheKilledOne() {
    long snapshot = demo.createSnapshot(SERVER.value(), "taken-over");
    OperationId id = killedAfterLibvirtTookTheSnapshot(snapshot);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "queued".equals(demo.latestOperation(SERVER.value()).getString("status")));
    assertThat(runOperation.execute(id)).isEqualTo(WorkOutcome.ENDED);

    assertThat(demo.snapshotField(snapshot, "status")).isEqualTo("completed");
    assertThat(Long.parseLong(demo.snapshotField(snapshot, "size_mb"))).isPositive();
    assertThat(libvirt.stored(Set.of())).contains(new Stored(SERVER, new SnapshotId(snapshot)));
    assertThat(reconcile.execute(Duration.ZERO).orphans()).isZero();
  }

  @Test
  void whatLibvirtTookForAKilledWorkerWhoseSnapshotRanOutOfTimeIsRemovedByTheReconciler() {
    long snapshot = demo.createSnapshot(SERVER.value(), "ran-out-of-time");
    killedAfterLibvirtTookTheSnapshot(snapshot);

    demo.awaitSnapshotStatus(snapshot, "failed");
    ReconcileBackend.Result pass = reconcile.execute(Duration.ZERO);
    assertThat(pass.orphans()).isOne();
    assertThat(pass.purgesQueued()).isOne();
    OperationId purge = standIn.unended(new SnapshotId(snapshot), OperationKind.PURGE);
    assertThat(runOperation.execute(purge)).isEqualTo(WorkOutcome.ENDED);

    assertThat(libvirt.holds(SERVER, new SnapshotId(snapshot))).isFalse();
    assertThat(reconcile.execute(Duration.ZERO).orphans()).isZero();
  }

  /**
   * A worker claims the snapshot's operation, libvirt takes the snapshot for it, and it dies before
   * it could say so: nothing of it renews the lease or ends the operation.
   */
  private OperationId killedAfterLibvirtTookTheSnapshot(long snapshot) {
    OperationId id = standIn.unended(new SnapshotId(snapshot), OperationKind.SNAPSHOT);
    steps.claim(id, "killed-worker").orElseThrow();
    libvirt.takeSnapshot(SERVER, new SnapshotId(snapshot), Hypervisor.Job.UNSUPERVISED);
    assertThat(libvirt.holds(SERVER, new SnapshotId(snapshot))).isTrue();
    return id;
  }
}
