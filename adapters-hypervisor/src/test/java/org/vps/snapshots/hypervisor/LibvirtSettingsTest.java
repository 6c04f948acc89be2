package org.vps.snapshots.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vps.snapshots.domain.ServerId;

/** What the libvirt backend makes of its settings and of libvirt's errors, without libvirt. */
class LibvirtSettingsTest {

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
  void aTemplateWithoutTheServerIsRefusedAtStart() {
    assertThatThrownBy(() -> new LibvirtHypervisor(LibvirtHost.config("qemu:///system", "vps")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must contain {server}");
  }
}
