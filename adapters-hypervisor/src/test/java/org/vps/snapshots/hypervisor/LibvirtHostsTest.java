package org.vps.snapshots.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Hypervisor.Stored;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * Servers spread over two libvirt hosts (two daemons of the test's own, the host's name standing in
 * the connection URI as an operator's {@code qemu+ssh://{host}/system} would): each call goes to
 * the job's host, and the look for stored snapshots walks every host.
 */
@Tag("libvirt")
class LibvirtHostsTest {
  static final Host KVM_A = new Host("kvm-a");
  static final Host KVM_B = new Host("kvm-b");
  static final Host KVM_DOWN = new Host("kvm-down");
  static final ServerId ON_A = new ServerId(31);
  static final ServerId ON_B = new ServerId(32);
  static Path hosts;
  static LibvirtHost a;
  static LibvirtHost b;
  static LibvirtHypervisor libvirt;

  @BeforeAll
  static void twoHosts() throws IOException {
    hosts = Files.createTempDirectory("libvirt-hosts");
    a = LibvirtHost.start(hosts.resolve(KVM_A.value()));
    b = LibvirtHost.start(hosts.resolve(KVM_B.value()));
    a.define(ON_A.value());
    b.define(ON_B.value());
    libvirt =
        new LibvirtHypervisor(
            LibvirtHost.config(
                "qemu:///session?socket=" + hosts + "/{host}/run/libvirt/libvirt-sock"));
  }

  @AfterAll
  static void stopHosts() throws IOException {
    a.close();
    b.close();
    Files.deleteIfExists(hosts.resolve(KVM_DOWN.value()));
    Files.deleteIfExists(hosts);
  }

  @Test
  void eachJobGoesToItsHostAndTheLookForStoredSnapshotsWalksThemAll() {
    libvirt.takeSnapshot(ON_A, new SnapshotId(301), new TestJob().on(KVM_A));
    libvirt.takeSnapshot(ON_B, new SnapshotId(302), new TestJob().on(KVM_B));

    assertThat(libvirt.holds(Optional.of(KVM_A), ON_A, new SnapshotId(301))).isTrue();
    assertThat(libvirt.holds(Optional.of(KVM_B), ON_B, new SnapshotId(302))).isTrue();
    // A host that cannot be reached is left out; the others are still looked at.
    assertThat(libvirt.stored(Set.of(KVM_A, KVM_B, KVM_DOWN)))
        .containsExactlyInAnyOrder(
            new Stored(ON_A, new SnapshotId(301), KVM_A),
            new Stored(ON_B, new SnapshotId(302), KVM_B));

    libvirt.deleteSnapshot(ON_A, new SnapshotId(301), new TestJob().on(KVM_A));
    libvirt.deleteSnapshot(ON_B, new SnapshotId(302), new TestJob().on(KVM_B));
    assertThat(libvirt.stored(Set.of(KVM_A, KVM_B))).isEmpty();
  }

  @Test
  void aJobOnAHostWithoutItsServerOrWithoutAnyHostFailsWithAReason() {
    assertThatThrownBy(
            () -> libvirt.takeSnapshot(ON_A, new SnapshotId(303), new TestJob().on(KVM_B)))
        .isInstanceOf(HypervisorException.class)
        .hasMessage("the server has no virtual machine on its host");
    assertThatThrownBy(() -> libvirt.takeSnapshot(ON_A, new SnapshotId(303), new TestJob()))
        .isInstanceOf(HypervisorException.class)
        .hasMessage("the server has no virtualization host on record");
    assertThatThrownBy(
            () -> libvirt.takeSnapshot(ON_A, new SnapshotId(303), new TestJob().on(KVM_DOWN)))
        .isInstanceOf(HypervisorException.class)
        .hasMessage("the virtualization host cannot be reached");
  }
}
