package org.vps.snapshots.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Hypervisor.Stored;
import org.vps.snapshots.application.server.RegisterServer;
import org.vps.snapshots.application.server.UpdateServer;
import org.vps.snapshots.application.snapshot.DeleteSnapshot;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.snapshot.ServerName;
import org.vps.snapshots.domain.snapshot.ServerStatus;

/** Servers spread over hosts: each job goes to its server's host, and nothing is left anywhere. */
class HostsTest {
  static final Host KVM_1 = new Host("kvm-1.dc1.example");
  static final Host KVM_2 = new Host("kvm-2.dc1.example");
  final UseCases app = new UseCases();
  final AccountId acme = app.account("acme");
  final ServerId web = placed(12345, KVM_1);

  @Test
  void aJobWorksOnTheHostItsServerRanOnWhenItWasAskedFor() {
    SnapshotId before = app.completed(acme, web, "before-move");
    move(web, KVM_2);
    SnapshotId after = app.create(acme, web, "after-move").snapshot().id();
    move(web, KVM_1);
    app.completeSnapshot(after, 10);

    assertThat(app.stored(app.operationOf(before, OperationKind.SNAPSHOT)).host()).contains(KVM_1);
    assertThat(app.stored(app.operationOf(after, OperationKind.SNAPSHOT)).host()).contains(KVM_2);
    assertThat(app.hypervisor.held())
        .containsExactlyInAnyOrder(new Stored(web, before, KVM_1), new Stored(web, after, KVM_2));
  }

  @Test
  void dataLeftOnTheHostAServerMovedAwayFromIsFoundAndPurgedThere() {
    placed(777, KVM_1);
    SnapshotId old = app.completed(acme, web, "on-kvm-1");
    move(web, KVM_2);
    SnapshotId kept = app.completed(acme, web, "on-kvm-2");

    app.deleteSnapshot.execute(new DeleteSnapshot.Command(acme, old));
    app.runOperation.execute(app.operationOf(old, OperationKind.PURGE));
    // The purge went to the server's new host; the data is still where the snapshot was taken.
    assertThat(app.hypervisor.held()).contains(new Stored(web, old, KVM_1));

    Duration grace = Duration.ofMinutes(10);
    assertThat(app.reconcile.execute(grace).orphans()).isOne();
    app.clock.advance(grace);
    assertThat(app.reconcile.execute(grace).purgesQueued()).isOne();
    app.runOperation.execute(app.operationOf(old, OperationKind.PURGE));

    assertThat(app.stored(app.operationOf(old, OperationKind.PURGE)).host()).contains(KVM_1);
    assertThat(app.hypervisor.held()).containsExactly(new Stored(web, kept, KVM_2));
  }

  private ServerId placed(long id, Host host) {
    ServerId server = new ServerId(id);
    app.registerServer.execute(
        new RegisterServer.Command(
            server, acme, new ServerName("server-" + id), ServerStatus.RUNNING, Optional.of(host)));
    return server;
  }

  private void move(ServerId server, Host host) {
    app.updateServer.execute(
        new UpdateServer.Command(server, Optional.empty(), Optional.empty(), Optional.of(host)));
  }
}
