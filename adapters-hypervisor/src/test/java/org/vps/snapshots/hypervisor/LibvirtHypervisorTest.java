package org.vps.snapshots.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Hypervisor.Stored;
import org.vps.snapshots.application.port.Hypervisor.Taken;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.application.port.JobStoppedException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.Consistency;

/**
 * The libvirt backend on a libvirt daemon of the test's own and a real guest under QEMU's emulator:
 * its init counts, keeping the counter in its disk's first sector and printing it on its serial
 * console.
 */
@Tag("libvirt")
class LibvirtHypervisorTest {
  static final long ID = 4242;
  static final ServerId SERVER = new ServerId(ID);
  static LibvirtHost host;
  LibvirtHypervisor libvirt;
  Path disk;

  @BeforeAll
  static void aHost() {
    host = LibvirtHost.start();
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  @BeforeEach
  void aServer() {
    libvirt = new LibvirtHypervisor(host.config());
    disk = host.define(ID);
  }

  @AfterEach
  void removeServer() {
    host.undefine(ID);
  }

  @Test
  void aRunningServersSnapshotHoldsItsDiskAndItsMemory() {
    host.startGuest(ID);
    awaitCounter(5);

    Taken taken = libvirt.takeSnapshot(SERVER, new SnapshotId(801), new TestJob());
    long sizeMb = taken.sizeMb();
    int atSnapshot = host.lastPrinted(ID);
    assertThat(taken.consistency()).contains(Consistency.MEMORY);
    awaitCounter(atSnapshot + 10);
    int beforeRestore = host.lastPrinted(ID);

    assertThat(sizeMb).isPositive();
    assertThat(libvirt.state(SERVER)).isEqualTo("running");

    // Restored as a stopped server: the disk holds the snapshot's bytes, and the guest stays off.
    libvirt.restoreSnapshot(SERVER, new SnapshotId(801), false, new TestJob());
    assertThat(libvirt.state(SERVER)).isEqualTo("shut off");
    assertThat(LibvirtHost.counterOnDisk(disk)).isBetween(5, atSnapshot);

    // Restored as a running server: the guest goes on from the snapshot's memory, not from zero.
    int printedBefore = host.printed(ID).size();
    libvirt.restoreSnapshot(SERVER, new SnapshotId(801), true, new TestJob());
    assertThat(libvirt.state(SERVER)).isEqualTo("running");
    await().atMost(Duration.ofSeconds(60)).until(() -> host.printed(ID).size() > printedBefore);
    int firstAfter = host.printed(ID).get(printedBefore);
    assertThat(firstAfter).isBetween(5, atSnapshot + 1).isLessThan(beforeRestore);
  }

  @Test
  void aStoppedServersSnapshotsHoldItsDiskAndDeletingOneKeepsTheOthers() {
    Disks.fill(disk, 0xa1);
    assertThat(libvirt.takeSnapshot(SERVER, new SnapshotId(1), new TestJob()).consistency())
        .contains(Consistency.POWERED_OFF);
    Disks.fill(disk, 0xb2);
    libvirt.takeSnapshot(SERVER, new SnapshotId(2), new TestJob());
    Disks.fill(disk, 0xc3);
    libvirt.takeSnapshot(SERVER, new SnapshotId(3), new TestJob());

    libvirt.deleteSnapshot(SERVER, new SnapshotId(2), new TestJob());
    libvirt.deleteSnapshot(SERVER, new SnapshotId(2), new TestJob());

    assertThat(libvirt.stored(Set.of()))
        .containsExactlyInAnyOrder(
            new Stored(SERVER, new SnapshotId(1)), new Stored(SERVER, new SnapshotId(3)));
    libvirt.restoreSnapshot(SERVER, new SnapshotId(1), false, new TestJob());
    assertThat(Disks.holds(disk, 0xa1)).isTrue();
    libvirt.restoreSnapshot(SERVER, new SnapshotId(3), false, new TestJob());
    assertThat(Disks.holds(disk, 0xc3)).isTrue();
    assertThat(libvirt.state(SERVER)).isEqualTo("shut off");
  }

  @Test
  void takingASnapshotAgainAfterACrashKeepsTheOneTaken() {
    Disks.fill(disk, 0xa1);
    libvirt.takeSnapshot(SERVER, new SnapshotId(7), new TestJob());
    Disks.fill(disk, 0xb2);
    libvirt.takeSnapshot(SERVER, new SnapshotId(7), new TestJob());

    libvirt.restoreSnapshot(SERVER, new SnapshotId(7), false, new TestJob());
    assertThat(Disks.holds(disk, 0xa1)).isTrue();
  }

  @Test
  void aJobStoppedAfterLibvirtTookItsSnapshotLeavesOneTheReconcilerSeesAndCanRemove() {
    host.startGuest(ID);
    awaitCounter(2);
    TestJob job = new TestJob();
    job.onStep(job::loseLeaseOnProgress);

    assertThatThrownBy(() -> libvirt.takeSnapshot(SERVER, new SnapshotId(5), job))
        .isInstanceOf(JobStoppedException.class);

    assertThat(libvirt.stored(Set.of())).containsExactly(new Stored(SERVER, new SnapshotId(5)));
    libvirt.deleteSnapshot(SERVER, new SnapshotId(5), new TestJob());
    assertThat(libvirt.stored(Set.of())).isEmpty();
  }

  @Test
  void aMissingSnapshotIsNotRestoredAndLeavesTheServerAsItWas() {
    host.startGuest(ID);
    awaitCounter(2);
    assertThatThrownBy(
            () -> libvirt.restoreSnapshot(SERVER, new SnapshotId(99), false, new TestJob()))
        .isInstanceOf(HypervisorException.class)
        .hasMessage("snapshot 99 is not held by the virtual machine of server 4242");
    assertThat(libvirt.state(SERVER)).isEqualTo("running");
  }

  @Test
  void aServerWithoutADomainFailsWithAReasonAndDeletingFromItIsNoError() {
    ServerId none = new ServerId(77);
    assertThatThrownBy(() -> libvirt.takeSnapshot(none, new SnapshotId(1), new TestJob()))
        .isInstanceOf(HypervisorException.class)
        .hasMessage("the server has no virtual machine on its host");
    libvirt.deleteSnapshot(none, new SnapshotId(1), new TestJob());
  }

  @Test
  void anUnreachableHostFailsWithAReason() {
    LibvirtHypervisor unreachable =
        new LibvirtHypervisor(
            LibvirtHost.config("qemu:///session?socket=" + host.home.resolve("no-such-socket")));
    assertThatThrownBy(() -> unreachable.takeSnapshot(SERVER, new SnapshotId(1), new TestJob()))
        .isInstanceOf(HypervisorException.class)
        .hasMessage("the virtualization host cannot be reached");
  }

  private void awaitCounter(int atLeast) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> host.lastPrinted(ID) >= atLeast);
  }
}
