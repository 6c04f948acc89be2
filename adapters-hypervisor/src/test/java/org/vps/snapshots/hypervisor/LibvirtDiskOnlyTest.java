package org.vps.snapshots.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Hypervisor.Stored;
import org.vps.snapshots.application.port.Hypervisor.Taken;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.application.port.JobStoppedException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.Consistency;
import org.vps.snapshots.hypervisor.LibvirtEngineConfig.Mode;

/**
 * The libvirt backend in {@code disk-only} mode on a daemon of the test's own, the counting guest's
 * disk a volume of a storage pool. With the guest agent, its fsfreeze hook stops the counting while
 * the guest is frozen and prints the counter it froze at, so the copy must hold exactly that.
 */
@Tag("libvirt")
class LibvirtDiskOnlyTest {
  static final long ID = 4343;
  static final ServerId SERVER = new ServerId(ID);
  static LibvirtHost host;
  LibvirtHypervisor libvirt;

  @BeforeAll
  static void aHost() {
    host = LibvirtHost.start();
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  @AfterEach
  void removeServer() {
    host.undefine(ID);
  }

  void aServer(boolean agent) {
    libvirt = new LibvirtHypervisor(host.config(Mode.DISK_ONLY));
    host.defineInPool(ID, agent);
    host.startGuest(ID);
    awaitCounter(5);
  }

  @Test
  void aRunningServersDisksAreCopiedFrozenByTheAgentAndRestoredToThatInstant() {
    aServer(true);
    TestJob job = new TestJob();

    Taken taken = libvirt.takeSnapshot(SERVER, new SnapshotId(1), job);

    assertThat(taken.consistency()).contains(Consistency.QUIESCED);
    assertThat(taken.sizeMb()).isPositive();
    await().atMost(Duration.ofSeconds(10)).until(() -> host.thaws(ID) == 1);
    List<Integer> frozen = host.frozenAt(ID);
    assertThat(frozen).hasSize(1);
    Path copy = host.volume("vps-" + ID + "-snap-1-vda.quiesced.qcow2");
    assertThat(LibvirtHost.counterOnDisk(copy)).isEqualTo(frozen.get(0));
    // Progress from libvirt's commit of the overlay, rising to the end; the disk is the disk again.
    assertThat(job.progress).isSorted().last().isEqualTo(95);
    assertThat(host.disksInUse(ID)).contains("vps-" + ID + ".qcow2").doesNotContain("overlay");
    assertThat(host.volumes("vps-" + ID)).hasSize(2);
    assertThat(libvirt.stored(Set.of())).containsExactly(new Stored(SERVER, new SnapshotId(1)));

    // The guest counts on, thawed; a restore as running boots it from the copy's counter.
    awaitCounter(frozen.get(0) + 10);
    libvirt.restoreSnapshot(SERVER, new SnapshotId(1), true, new TestJob());
    assertThat(libvirt.state(SERVER)).isEqualTo("running");
    // The old guest was stopped before the restore returned; the new one takes seconds to boot.
    int printedBefore = host.printed(ID).size();
    await().atMost(Duration.ofSeconds(60)).until(() -> host.printed(ID).size() > printedBefore);
    assertThat(host.printed(ID).get(printedBefore)).isEqualTo(frozen.get(0) + 1);

    // Taken again (after a takeover), the snapshot is the one already held.
    assertThat(libvirt.takeSnapshot(SERVER, new SnapshotId(1), new TestJob()).consistency())
        .contains(Consistency.QUIESCED);
    assertThat(host.frozenAt(ID)).hasSize(1);
  }

  @Test
  void withoutAnAgentTheSnapshotIsRecordedAsNotQuiesced() {
    aServer(false);

    Taken taken = libvirt.takeSnapshot(SERVER, new SnapshotId(2), new TestJob());

    assertThat(taken.consistency()).contains(Consistency.CRASH_CONSISTENT);
    assertThat(host.frozenAt(ID)).isEmpty();
    assertThat(host.volumes("vps-" + ID + "-snap-2"))
        .containsExactly("vps-" + ID + "-snap-2-vda.crash_consistent.qcow2");
    assertThat(host.disksInUse(ID)).doesNotContain("overlay");
  }

  @Test
  void deletingAMiddleSnapshotKeepsTheOthersRestorable() {
    aServer(true);
    int[] at = new int[4];
    for (int n = 1; n <= 3; n++) {
      libvirt.takeSnapshot(SERVER, new SnapshotId(10 + n), new TestJob());
      List<Integer> frozen = host.frozenAt(ID);
      at[n] = frozen.get(frozen.size() - 1);
      awaitCounter(at[n] + 5);
    }

    libvirt.deleteSnapshot(SERVER, new SnapshotId(12), new TestJob());
    libvirt.deleteSnapshot(SERVER, new SnapshotId(12), new TestJob());

    assertThat(host.volumes("vps-" + ID + "-snap-12")).isEmpty();
    Path disk = host.volume("vps-" + ID + ".qcow2");
    libvirt.restoreSnapshot(SERVER, new SnapshotId(11), false, new TestJob());
    assertThat(libvirt.state(SERVER)).isEqualTo("shut off");
    assertThat(LibvirtHost.counterOnDisk(disk)).isEqualTo(at[1]);
    libvirt.restoreSnapshot(SERVER, new SnapshotId(13), false, new TestJob());
    assertThat(LibvirtHost.counterOnDisk(disk)).isEqualTo(at[3]);

    // A stopped server's snapshot holds its disks as they are.
    Taken off = libvirt.takeSnapshot(SERVER, new SnapshotId(14), new TestJob());
    assertThat(off.consistency()).contains(Consistency.POWERED_OFF);
    assertThat(
            LibvirtHost.counterOnDisk(host.volume("vps-" + ID + "-snap-14-vda.powered_off.qcow2")))
        .isEqualTo(at[3]);
    assertThat(libvirt.stored(Set.of()))
        .containsExactlyInAnyOrder(
            new Stored(SERVER, new SnapshotId(11)),
            new Stored(SERVER, new SnapshotId(13)),
            new Stored(SERVER, new SnapshotId(14)));
  }

  @Test
  void aSnapshotCutOffAfterItsOverlayIsFinishedByTheNextAttemptOrRemovedWhole() {
    aServer(true);

    assertThatThrownBy(
            () ->
                libvirt.takeSnapshot(
                    SERVER, new SnapshotId(21), new TestJob().loseLeaseOnProgress()))
        .isInstanceOf(JobStoppedException.class);
    // The worker is gone with the guest on the overlay: what the reconciler reads names it.
    assertThat(host.disksInUse(ID)).contains("vps-" + ID + "-snap-21-vda.quiesced.overlay");
    assertThat(libvirt.stored(Set.of())).containsExactly(new Stored(SERVER, new SnapshotId(21)));

    // The next attempt finishes it, as quiesced as the first one froze it.
    Taken taken = libvirt.takeSnapshot(SERVER, new SnapshotId(21), new TestJob());
    assertThat(taken.consistency()).contains(Consistency.QUIESCED);
    assertThat(host.frozenAt(ID)).hasSize(1);
    assertThat(host.disksInUse(ID)).doesNotContain("overlay");

    // Cut off again on another snapshot, then purged: nothing of it is left.
    assertThatThrownBy(
            () ->
                libvirt.takeSnapshot(
                    SERVER, new SnapshotId(22), new TestJob().loseLeaseOnProgress()))
        .isInstanceOf(JobStoppedException.class);
    libvirt.deleteSnapshot(SERVER, new SnapshotId(22), new TestJob());
    assertThat(host.disksInUse(ID)).doesNotContain("overlay");
    assertThat(host.volumes("vps-" + ID + "-snap-22")).isEmpty();
    assertThat(libvirt.stored(Set.of())).containsExactly(new Stored(SERVER, new SnapshotId(21)));
    assertThat(libvirt.state(SERVER)).isEqualTo("running");
  }

  @Test
  void aSnapshotTheServerDoesNotHoldIsRefusedBeforeAnythingChanges() {
    aServer(false);

    assertThatThrownBy(
            () -> libvirt.restoreSnapshot(SERVER, new SnapshotId(99), true, new TestJob()))
        .isInstanceOf(HypervisorException.class)
        .hasMessageContaining("not held");
    assertThat(libvirt.state(SERVER)).isEqualTo("running");
  }

  void awaitCounter(int atLeast) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> host.lastPrinted(ID) >= atLeast);
  }
}
