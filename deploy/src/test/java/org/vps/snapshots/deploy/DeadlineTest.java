package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.CompleteSnapshot;
import org.vps.snapshots.domain.SnapshotId;

/** An operation still unfinished at the deadline ends failed; none stays in progress. */
@QuarkusTest
@TestProfile(Profiles.SlowBackend.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class DeadlineTest {
  @Inject CompleteSnapshot completeSnapshot;

  @Test
  void snapshotsAndRestoresPastTheDeadlineEndFailed() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("stopped");
    long slow = customer.createSnapshot(server, "slow");

    customer.awaitSnapshotStatus(slow, "failed");
    assertThat(customer.snapshotField(slow, "error"))
        .isEqualTo("The operation did not finish within 3 seconds.");

    long base = customer.createSnapshot(server, "base");
    completeSnapshot.execute(new SnapshotId(base), 100);
    customer.call().post("/api/v1/snapshots/" + base + "/restore/").then().statusCode(200);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                customer
                    .call()
                    .get("/api/v1/servers/" + server)
                    .jsonPath()
                    .getString("status")
                    .equals("stopped"));
  }
}
