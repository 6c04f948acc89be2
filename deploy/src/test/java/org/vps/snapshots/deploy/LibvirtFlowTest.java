package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Hypervisor.Stored;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.hypervisor.LibvirtHost;
import org.vps.snapshots.hypervisor.LibvirtHypervisor;
import org.vps.snapshots.persistence.PostgresResource;

/**
 * The documented flow through HTTP on the libvirt backend, server 12345 being a real guest that
 * counts: a snapshot of it running, a restore that takes the guest back to the snapshot's counter
 * and leaves it running, a delete that removes the snapshot from libvirt.
 */
@Tag("libvirt")
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = LibvirtHostResource.class, restrictToAnnotatedClass = true)
class LibvirtFlowTest {
  static final long SERVER = LibvirtHostResource.SERVER;

  @Inject DemoData demoData;

  Platform.Customer demo;

  @BeforeEach
  void theDemoCustomer() {
    demo = Platform.Customer.demo(demoData);
  }

  @Test
  void aRunningServerIsSnapshottedRestoredToItsMemoryAndItsSnapshotDeleted() {
    LibvirtHost host = LibvirtHostResource.host();
    awaitCounter(host, 5);

    long created = demo.createSnapshot(SERVER, "live-snapshot");
    demo.awaitSnapshotStatus(created, "completed");
    int atSnapshot = host.lastPrinted(SERVER);
    assertThat(Long.parseLong(demo.snapshotField(created, "size_mb"))).isPositive();
    assertThat(demo.snapshotField(created, "consistency")).isEqualTo("memory");
    LibvirtHypervisor libvirt = new LibvirtHypervisor(host.config());
    assertThat(libvirt.stored(Set.of()))
        .contains(new Stored(new ServerId(SERVER), new SnapshotId(created)));

    awaitCounter(host, atSnapshot + 50);
    demo.call().post("/api/v1/snapshots/" + created + "/restore/").then().statusCode(200);
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                "running"
                    .equals(
                        demo.call().get("/api/v1/servers/12345/").jsonPath().getString("status")));
    assertThat(libvirt.state(new ServerId(SERVER))).isEqualTo("running");
    // The guest went back to the counter it had when the snapshot was taken, and went on.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> wentBackTo(host.printed(SERVER), atSnapshot + 1));

    demo.call().delete("/api/v1/snapshots/" + created + "/").then().statusCode(204);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !libvirt.holds(new ServerId(SERVER), new SnapshotId(created)));
  }

  /** Whether the counter ever fell back to at most {@code mark} and counted on from there. */
  static boolean wentBackTo(List<Integer> printed, int mark) {
    for (int i = 1; i + 1 < printed.size(); i++) {
      if (printed.get(i) < printed.get(i - 1)
          && printed.get(i) <= mark
          && printed.get(i + 1) > printed.get(i)) {
        return true;
      }
    }
    return false;
  }

  private static void awaitCounter(LibvirtHost host, int atLeast) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> host.lastPrinted(SERVER) >= atLeast);
  }
}
