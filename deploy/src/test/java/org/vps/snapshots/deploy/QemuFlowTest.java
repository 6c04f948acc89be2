package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;

/**
 * The documented flow through HTTP on real qcow2 disks: a snapshot of server 12345's disk, a change
 * to the disk, a restore of snapshot 801, and the disk's bytes are those of the snapshot.
 */
@Tag("qemu")
@QuarkusTest
@TestProfile(Profiles.QemuBackend.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class QemuFlowTest {
  static final Path DISK = Profiles.QemuBackend.DISKS.resolve("12345.qcow2");

  @Inject DemoData demoData;

  RequestSpecification demo() {
    return Platform.Customer.demo(demoData).call();
  }

  static int qemuIo(String command) throws Exception {
    Process process =
        new ProcessBuilder("qemu-io", "-c", command, DISK.toString())
            .redirectErrorStream(true)
            .start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  static String snapshotList() throws Exception {
    Process process = new ProcessBuilder("qemu-img", "snapshot", "-l", DISK.toString()).start();
    String listing = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);
    return listing;
  }

  @Test
  void snapshotChangeAndRestoreGiveBackTheDisksBytes() throws Exception {
    assertThat(qemuIo("read -P 0x5a 0 8M")).isZero();

    long created =
        demo()
            .body("{\"server_id\": 12345, \"name\": \"before-update-snapshot\"}")
            .post("/api/v1/snapshots/")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "completed"
                    .equals(
                        demo().get("/api/v1/snapshots/" + created).jsonPath().getString("status")));
    JsonPath done = demo().get("/api/v1/snapshots/" + created).jsonPath();
    assertThat(done.getLong("size_mb")).isBetween(8L, 12L);
    assertThat(snapshotList()).contains("snap-" + created);

    assertThat(qemuIo("write -P 0xcd 0 8M")).isZero();
    assertThat(qemuIo("read -P 0x5a 0 8M")).isNotZero();

    demo().post("/api/v1/snapshots/801/restore/").then().statusCode(200);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "running"
                    .equals(demo().get("/api/v1/servers/12345/").jsonPath().getString("status")));

    assertThat(qemuIo("read -P 0x5a 0 8M")).isZero();

    demo().delete("/api/v1/snapshots/" + created + "/").then().statusCode(204);
    await().atMost(Duration.ofSeconds(30)).until(() -> !snapshotList().contains("snap-" + created));
    assertThat(snapshotList()).contains("snap-801");
  }

  @Test
  void aServerWithoutADiskGetsAFailedSnapshotWithTheReason() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    long id = customer.createSnapshot(server, "no-disk");

    customer.awaitSnapshotStatus(id, "failed");
    assertThat(customer.snapshotField(id, "error"))
        .contains("the disk of server " + server + " is missing");
  }
}
