package org.vps.snapshots.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Hypervisor.Job;

/**
 * The connections to a libvirt host are kept open between calls and opened again after a failure.
 */
@Tag("libvirt")
class LibvirtConnectionsTest {
  static LibvirtHost host;
  Virsh virsh;

  @BeforeAll
  static void aHost() {
    host = LibvirtHost.start();
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  @BeforeEach
  void connections() {
    virsh = new Virsh("virsh", host.uri, Duration.ofMinutes(1));
  }

  @AfterEach
  void closeThem() {
    virsh.close();
    host.restart();
  }

  String list() {
    return virsh.run(Job.UNSUPERVISED, true, "list the servers", "list", "--all", "--name");
  }

  @Test
  void oneConnectionServesCallAfterCall() {
    for (int call = 0; call < 5; call++) {
      list();
    }
    assertThat(virsh.idleConnections()).isEqualTo(1);
    assertThat(host.clients()).isEqualTo(1);
    assertThat(virsh.run(Job.UNSUPERVISED, true, "echo", "echo", "it's \"quoted\"; not split"))
        .isEqualTo("it's \"quoted\"; not split");
  }

  @Test
  void aCommandLibvirtRefusesLeavesTheConnectionInUse() {
    list();
    assertThatThrownBy(
            () -> virsh.run(Job.UNSUPERVISED, true, "read", "domstate", "--domain", "none"))
        .isInstanceOf(Virsh.Refused.class)
        .hasMessage("the server has no virtual machine on its host");
    list();
    assertThat(host.clients()).isEqualTo(1);
  }

  @Test
  void aHostThatRestartedIsConnectedToAgainAtTheNextCall() {
    list();
    host.stopDaemon();
    host.restart();

    assertThat(list()).isBlank();
    assertThat(host.clients()).isEqualTo(1);
  }

  @Test
  void aHostThatIsGoneIsUnreachableAndConnectedToAfreshOnceBack() {
    list();
    host.stopDaemon();

    assertThatThrownBy(this::list)
        .isInstanceOf(Virsh.Refused.class)
        .hasMessage("the virtualization host cannot be reached");
    assertThat(virsh.idleConnections()).isZero();

    host.restart();
    assertThat(list()).isBlank();
    assertThat(virsh.idleConnections()).isEqualTo(1);
  }
}
