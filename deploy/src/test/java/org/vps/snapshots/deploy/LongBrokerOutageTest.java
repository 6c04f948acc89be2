package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.outbox.ReadOutboxBacklog;
import org.vps.snapshots.persistence.PostgresResource;

/**
 * A broker outage several times longer than every producer timeout: the relay gives up on its sends
 * again and again, and once the broker is back it delivers everything by itself, each event once.
 */
@QuarkusTest
@TestProfile(LongBrokerOutageTest.ShortProducerTimeouts.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class LongBrokerOutageTest {
  /** Producer timeouts of a few seconds, so that a 20-second outage outlasts them many times. */
  public static class ShortProducerTimeouts implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>();
      for (String channel : List.of("snapshot-events", "operation-work-out")) {
        String prefix = "mp.messaging.outgoing." + channel + ".";
        config.put(prefix + "delivery.timeout.ms", "3000");
        config.put(prefix + "request.timeout.ms", "1000");
        config.put(prefix + "max.block.ms", "1000");
      }
      config.put("snapshots.events.ack-timeout", "5s");
      return config;
    }
  }

  private static final Duration OUTAGE = Duration.ofSeconds(20);

  @Inject ReadOutboxBacklog backlog;

  @Test
  void theRelayRecoversByItselfAndSendsEachEventOnce() {
    Platform.Customer customer = Platform.Customer.create();
    long before = customer.server("running");
    customer.createSnapshot(before, "before-outage");
    EventStream.ofServer(before, "SnapshotCreated");

    List<Long> servers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      servers.add(customer.server("running"));
    }
    KafkaResource.broker().takeDown();
    try {
      for (long server : servers) {
        customer.createSnapshot(server, "during-outage");
      }
      // The whole outage long, the relay gives up its sends again and again and keeps them all.
      await()
          .during(OUTAGE)
          .atMost(OUTAGE.plusSeconds(15))
          .until(() -> backlog.execute().count() >= servers.size());
    } finally {
      KafkaResource.broker().bringBack();
    }

    await().atMost(Duration.ofSeconds(90)).until(() -> backlog.execute().count() == 0);
    try (EventStream stream = EventStream.events()) {
      for (long server : servers) {
        stream.awaitKey(Long.toString(server), r -> !r.isEmpty());
      }
      stream.awaitExactly(Long.toString(servers.get(0)), "SnapshotCreated");
      for (long server : servers) {
        assertThat(stream.keyed(Long.toString(server)))
            .extracting(EventStream::type)
            .as("the events of server %d", server)
            .containsExactly("SnapshotCreated");
      }
    }
    long after = customer.server("running");
    customer.createSnapshot(after, "after-outage");
    EventStream.ofServer(after, "SnapshotCreated");
  }
}
