package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.work.OperationSteps;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.operation.LeaseLostException;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.persistence.PostgresResource;

/**
 * A worker that stops renewing its lease (paused, partitioned, dead) loses its operation: the
 * supervisor takes it over with a new fencing number, another worker finishes it once, and the
 * first one's late reports and end are refused. On PostgreSQL's clock, through the real relay.
 */
@QuarkusTest
@TestProfile(Profiles.ShortLeases.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class OperationTakeoverTest {
  @Inject OperationSteps steps;

  @Test
  void aStalledWorkersOperationIsTakenOverAndEndedOnceByAnother() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    long snapshot = customer.createSnapshot(server, "taken-over");
    OperationId id = new OperationId(customer.latestOperation(server).getLong("id"));
    Operation stalled = steps.claim(id, "stalled-worker").orElseThrow().operation();
    steps.startAttempt(id, stalled.fence());
    assertThat(customer.latestOperation(server).getString("status")).isEqualTo("running");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> customer.latestOperation(server).getString("status").equals("queued"));

    Operation next = steps.claim(id, "next-worker").orElseThrow().operation();
    assertThat(next.fence()).isGreaterThan(stalled.fence());
    assertThatThrownBy(() -> steps.renew(id, stalled.fence()))
        .isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(() -> steps.progress(id, stalled.fence(), 50))
        .isInstanceOf(LeaseLostException.class);
    steps.succeed(id, next.fence(), Hypervisor.Taken.ofSize(4096));
    assertThatThrownBy(() -> steps.succeed(id, stalled.fence(), Hypervisor.Taken.ofSize(1)))
        .isInstanceOf(LeaseLostException.class);

    assertThat(customer.snapshotField(snapshot, "size_mb")).isEqualTo("4096");
    assertThat(customer.latestOperation(server).getString("status")).isEqualTo("succeeded");
    EventStream.ofServer(server, "SnapshotCreated", "SnapshotCompleted");
  }

  @Test
  void aRestoreWhoseWriterVanishedMidWriteLeavesItsServerUnknownForThePlatformToCheck() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("stopped");
    long snapshot = customer.createSnapshot(server, "base");
    OperationId create = new OperationId(customer.latestOperation(server).getLong("id"));
    Operation taking = steps.claim(create, "worker").orElseThrow().operation();
    steps.succeed(create, taking.fence(), Hypervisor.Taken.ofSize(10));
    customer.call().post("/api/v1/snapshots/" + snapshot + "/restore/").then().statusCode(200);
    OperationId restore = new OperationId(customer.latestOperation(server).getLong("id"));
    Operation writing = steps.claim(restore, "vanishing-worker").orElseThrow().operation();
    steps.startStep(restore, writing.serverId(), writing.fence());

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> customer.latestOperation(server).getString("status").equals("failed"));

    assertThat(customer.latestOperation(server).getString("error"))
        .isEqualTo(Operation.DISK_STATE_UNKNOWN);
    assertThat(
            customer.call().get("/api/v1/servers/" + server + "/").jsonPath().getString("status"))
        .isEqualTo("unknown");
    Platform.admin()
        .body("{\"status\": \"stopped\"}")
        .patch("/admin/v1/servers/" + server)
        .then()
        .statusCode(200);
    customer.call().post("/api/v1/snapshots/" + snapshot + "/restore/").then().statusCode(200);
  }
}
