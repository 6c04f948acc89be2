package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;

/**
 * An operation still unfinished at the deadline is asked to stop; its worker, alive and holding the
 * lease, stops at its next safe point and ends it failed itself. None stays in progress.
 */
@QuarkusTest
@TestProfile(Profiles.SlowBackend.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class DeadlineTest {
  @Inject DemoData demoData;

  @Test
  void aSnapshotPastTheDeadlineIsEndedFailedByItsOwnWorker() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("stopped");
    long slow = customer.createSnapshot(server, "slow");

    customer.awaitSnapshotStatus(slow, "failed");
    assertThat(customer.snapshotField(slow, "error"))
        .isEqualTo("The operation did not finish within 3 seconds.");
    JsonPath operation = customer.latestOperation(server);
    assertThat(operation.getString("status")).isEqualTo("failed");
    assertThat(operation.getInt("attempt")).isEqualTo(1);
  }

  @Test
  void aRestorePastTheDeadlineBeforeItWritesTheDiskFailsAndTheServerGoesBack() {
    Platform.Customer demo =
        new Platform.Customer(
            demoData.demoAccount().orElseThrow().value(),
            Platform.token(demoData.demoAccount().orElseThrow().value(), "write"));

    demo.call().post("/api/v1/snapshots/801/restore/").then().statusCode(200);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "failed".equals(demo.latestOperation(12345).getString("status")));
    assertThat(demo.latestOperation(12345).getString("error"))
        .isEqualTo("The operation did not finish within 3 seconds.");
    assertThat(demo.call().get("/api/v1/servers/12345/").jsonPath().getString("status"))
        .isEqualTo("running");
  }
}
