package org.vps.snapshots.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.Converters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.application.port.JobStoppedException;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** What the libvirt backend makes of its settings and of libvirt's errors, without libvirt. */
class LibvirtSettingsTest {

  @Test
  void theModeIsWrittenAsTheReadmeWritesIt() {
    // The converter the configuration uses for an enum setting.
    var converter = Converters.getImplicitConverter(LibvirtEngineConfig.Mode.class);
    assertThat(converter.convert("disk-only")).isEqualTo(LibvirtEngineConfig.Mode.DISK_ONLY);
    assertThat(converter.convert("memory")).isEqualTo(LibvirtEngineConfig.Mode.MEMORY);
    assertThatThrownBy(() -> converter.convert("disk"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "error: failed to connect to the hypervisor"
            + "\\nerror: Failed to connect socket to '/run/libvirt/libvirt-sock': No such file|UNREACHABLE",
        "error: failed to connect to the hypervisor\\nerror: Cannot recv data: ssh: connect to host"
            + " h1 port 22: No route to host: Connection reset by peer|UNREACHABLE",
        "error: failed to get domain 'vps-77'|NO_DOMAIN",
        "error: Domain not found: no domain with matching name 'vps-77'|NO_DOMAIN",
        "error: Domain snapshot not found: no domain snapshot with matching name 'snap-9'"
            + "|NO_SNAPSHOT",
        "error: Guest agent is not responding: QEMU guest agent is not connected|NO_AGENT",
        "error: operation failed: internal snapshots of a VM with pflash based firmware are not"
            + " supported|OTHER"
      })
  void libvirtsErrorsAreToldApart(String said, Virsh.Failure failure) {
    assertThat(Virsh.classify(said.replace("\\n", "\n"))).isEqualTo(failure);
  }

  @Test
  void theDomainOfAServerComesFromTheTemplate() {
    LibvirtHypervisor libvirt =
        new LibvirtHypervisor(LibvirtHost.config("qemu:///system", "instance-{server}.vps"));
    assertThat(libvirt.domainOf(new ServerId(12345))).isEqualTo("instance-12345.vps");
  }

  @Test
  void eachJobConnectsToItsHostThroughTheUriTemplate(@TempDir Path dir) throws IOException {
    Path calls = dir.resolve("calls");
    // A virsh that finds no host where it was sent.
    Path virsh = fakeVirsh(dir, "echo 'error: failed to connect to the hypervisor' >&2\nexit 1\n");
    LibvirtHypervisor libvirt =
        new LibvirtHypervisor(
            LibvirtHost.config("qemu+ssh://{host}/system", "{server}", virsh.toString()));

    for (Host host : List.of(new Host("kvm-9.dc2.example"), new Host("[2001:db8::9]"))) {
      assertThatThrownBy(
              () ->
                  libvirt.takeSnapshot(new ServerId(1), new SnapshotId(2), new TestJob().on(host)))
          .isInstanceOf(HypervisorException.class)
          .hasMessage("the virtualization host cannot be reached");
    }
    assertThatThrownBy(
            () -> libvirt.takeSnapshot(new ServerId(1), new SnapshotId(2), new TestJob()))
        .isInstanceOf(HypervisorException.class)
        .hasMessage("the server has no virtualization host on record");
    assertThat(libvirt.stored(Set.of(new Host("kvm-9.dc2.example")))).isEmpty();

    assertThat(Files.readAllLines(calls))
        .containsExactly(
            "qemu+ssh://kvm-9.dc2.example/system",
            "qemu+ssh://[2001:db8::9]/system",
            "qemu+ssh://kvm-9.dc2.example/system");
  }

  @Test
  void aShellThatEndsBeforeItsErrorIsReadStillReportsWhatItSaid(@TempDir Path dir)
      throws IOException {
    // The shell ends; what it says reaches its error output a moment later, as on a loaded
    // machine, where the reader gets to the pipe after the process has ended. The shell lives a
    // fifth of a second first: when a process ends, Java drains what its pipes hold and closes
    // them unless a reader is in the middle of a read, so a reader thread not yet running at the
    // end would lose the later line whatever the service did.
    Path virsh =
        fakeVirsh(
            dir,
            "(sleep 0.5; echo 'error: failed to connect to the hypervisor' >&2) &\n"
                + "sleep 0.2\nexit 1\n");
    LibvirtHypervisor libvirt =
        new LibvirtHypervisor(
            LibvirtHost.config("qemu+ssh://{host}/system", "{server}", virsh.toString()));

    assertThatThrownBy(
            () ->
                libvirt.takeSnapshot(
                    new ServerId(1), new SnapshotId(2), new TestJob().on(new Host("kvm-1"))))
        .isInstanceOf(HypervisorException.class)
        .hasMessage("the virtualization host cannot be reached");
  }

  @Test
  void aTemplateWithoutTheServerIsRefusedAtStart() {
    assertThatThrownBy(() -> new LibvirtHypervisor(LibvirtHost.config("qemu:///system", "vps")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must contain {server}");
  }

  @Test
  void aConnectionWhoseCommandHangsIsKilledAndTheNextCallConnectsAfresh(@TempDir Path dir)
      throws IOException {
    Path calls = dir.resolve("calls");
    // A virsh shell whose domstate never answers.
    Path virsh =
        fakeVirsh(
            dir,
            "while IFS= read -r line; do\n  printf 'virsh # %s\\n' \"$line\"\n"
                + "  case $line in\n"
                + "    'echo --err '*) echo \"error: ${line#echo --err }\" >&2 ;;\n"
                + "    'echo '*) printf '%s' \"${line#echo }\" ;;\n"
                + "    \"'domstate'\"*) sleep 600 ;;\n"
                + "    *) echo listed ;;\n"
                + "  esac\ndone\n");
    Virsh connections = new Virsh(virsh.toString(), "qemu:///system", Duration.ofSeconds(1));

    assertThat(connections.run(Hypervisor.Job.UNSUPERVISED, true, "list", "list"))
        .isEqualTo("listed\n");
    assertThatThrownBy(
            () ->
                connections.run(
                    Hypervisor.Job.UNSUPERVISED, true, "read", "domstate", "--domain", "x"))
        .isInstanceOf(HypervisorException.class)
        .hasMessage("virsh domstate did not finish within PT1S");
    assertThat(connections.idleConnections()).isZero();
    // The hung command ran on the first call's connection.
    assertThat(Files.readAllLines(calls)).hasSize(1);
    assertThatThrownBy(
            () -> connections.run(new TestJob().ask(), true, "read", "domstate", "--domain", "x"))
        .isInstanceOf(JobStoppedException.class);
    assertThat(connections.idleConnections()).isZero();
    // The stopped call's shell may be killed before it notes its connection: count from here.
    int before = Files.readAllLines(calls).size();
    assertThat(connections.run(Hypervisor.Job.UNSUPERVISED, true, "list", "list"))
        .isEqualTo("listed\n");
    assertThat(connections.idleConnections()).isEqualTo(1);
    assertThat(Files.readAllLines(calls)).hasSize(before + 1);
    connections.close();
  }

  /** A stand-in for virsh in {@code dir} that notes each URI it connects to in {@code calls}. */
  static Path fakeVirsh(Path dir, String body) throws IOException {
    Path virsh = dir.resolve("virsh");
    Files.writeString(virsh, "#!/bin/bash\necho \"$3\" >> '" + dir.resolve("calls") + "'\n" + body);
    Files.setPosixFilePermissions(virsh, PosixFilePermissions.fromString("rwx------"));
    return virsh;
  }
}
