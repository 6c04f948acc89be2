package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.outbox.ReadOutboxBacklog;
import org.vps.snapshots.persistence.PostgresResource;

/** With Kafka down the API keeps accepting work; once it is back every event is delivered. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class BrokerOutageTest {
  @Inject ReadOutboxBacklog backlog;

  @Test
  void eventsAcceptedWhileTheBrokerIsDownAreDeliveredWhenItIsBack() {
    Platform.Customer customer = Platform.Customer.create();
    List<Long> servers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      servers.add(customer.server("running"));
    }

    KafkaResource.broker().takeDown();
    try {
      for (long server : servers) {
        customer.createSnapshot(server, "during-outage");
      }
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(10))
          .until(() -> backlog.execute().count() >= servers.size());
      // The outage is the outbox's to absorb: this node still serves, and says so.
      Management.given().get("/q/health/ready").then().statusCode(200);
      customer.call().get("/api/v1/snapshots/").then().statusCode(200);
    } finally {
      KafkaResource.broker().bringBack();
    }

    await().atMost(Duration.ofSeconds(90)).until(() -> backlog.execute().count() == 0);
    try (EventStream stream = EventStream.events()) {
      for (long server : servers) {
        List<ConsumerRecord<String, String>> records =
            stream.awaitKey(Long.toString(server), r -> !r.isEmpty());
        assertThat(records).extracting(EventStream::type).containsExactly("SnapshotCreated");
      }
    }
  }
}
