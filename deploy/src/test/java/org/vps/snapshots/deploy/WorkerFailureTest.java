package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;

/** A backend that keeps failing: retries, then the snapshot and its operation fail with reason. */
@QuarkusTest
@TestProfile(Profiles.FailingBackend.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class WorkerFailureTest {

  @Test
  void aSnapshotTheBackendCannotTakeEndsFailedAfterEveryAttemptAndItsOperationSaysWhy() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    long id = customer.createSnapshot(server, "doomed");

    customer.awaitSnapshotStatus(id, "failed");
    assertThat(customer.snapshotField(id, "error")).contains("simulated backend failed");

    JsonPath operation = customer.latestOperation(server);
    assertThat(operation.getString("kind")).isEqualTo("snapshot");
    assertThat(operation.getLong("snapshot_id")).isEqualTo(id);
    assertThat(operation.getString("status")).isEqualTo("failed");
    assertThat(operation.getInt("attempt")).isEqualTo(2);
    assertThat(operation.getString("error")).isEqualTo(customer.snapshotField(id, "error"));
    assertThat(operation.getString("finished_at")).isNotNull();
    customer.createSnapshot(server, "next-one");
  }
}
