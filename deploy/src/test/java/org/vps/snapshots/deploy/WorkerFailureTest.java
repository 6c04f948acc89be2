package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A backend that keeps failing: retries, then failed with the reason, then dead letters. */
@QuarkusTest
@TestProfile(Profiles.FailingBackend.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class WorkerFailureTest {

  @Test
  void aSnapshotTheBackendCannotTakeEndsFailedAndItsWorkIsDeadLettered() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    long id = customer.createSnapshot(server, "doomed");

    customer.awaitSnapshotStatus(id, "failed");
    assertThat(customer.snapshotField(id, "error")).contains("simulated backend failed");

    try (EventStream deadLetters = new EventStream("snapshots.events.dlq")) {
      List<ConsumerRecord<String, String>> dead =
          deadLetters.awaitKey(Long.toString(server), r -> !r.isEmpty());
      assertThat(EventStream.type(dead.get(0))).isEqualTo("SnapshotCreated");
      assertThat(EventStream.header(dead.get(0), "dead-letter-reason"))
          .contains("could not be taken");
    }
    customer.createSnapshot(server, "next-one");
  }
}
