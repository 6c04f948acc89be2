package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.hypervisor.SimulatedHypervisor;
import org.vps.snapshots.persistence.PostgresResource;

/** Backend data that no snapshot wants is removed through a purge operation; wanted data stays. */
@QuarkusTest
@TestProfile(Profiles.Reconciling.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class ReconcilerTest {
  @Inject SimulatedHypervisor backend;

  @Test
  void orphanedDataIsPurgedAfterTheGracePeriodAndWantedDataStays() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    long kept = customer.createSnapshot(server, "kept");
    customer.awaitSnapshotStatus(kept, "completed");
    SnapshotId orphan = new SnapshotId(987_654_321L);
    backend.leave(new ServerId(server), orphan);

    await().atMost(Duration.ofSeconds(30)).until(() -> !backend.holds(orphan));

    assertThat(backend.holds(new SnapshotId(kept))).isTrue();
    assertThat(customer.latestOperation(server).getString("kind")).isEqualTo("snapshot");
    assertThat(Management.given().get("/q/metrics").asString())
        .containsPattern("snapshots_reconcile_purges_queued_total [1-9]");
  }
}
