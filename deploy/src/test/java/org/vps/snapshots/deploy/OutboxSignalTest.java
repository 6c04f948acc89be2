package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;

/**
 * The relay hears a commit that appended to the outbox: with a poll interval of a minute, an event
 * still reaches Kafka at once.
 */
@QuarkusTest
@TestProfile(OutboxSignalTest.SlowPolling.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class OutboxSignalTest {
  public static class SlowPolling implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("snapshots.outbox.poll-interval", "60s");
    }
  }

  @Test
  void anEventIsRelayedWhenItsTransactionCommitsNotAtTheNextPoll() {
    Platform.Customer customer = Platform.Customer.create();
    long warm = customer.server("running");
    customer.createSnapshot(warm, "first");
    EventStream.ofServer(warm, "SnapshotCreated");

    for (int i = 0; i < 3; i++) {
      long server = customer.server("running");
      long started = System.nanoTime();
      customer.createSnapshot(server, "heard");
      try (EventStream stream = EventStream.events()) {
        stream.awaitKey(Long.toString(server), r -> !r.isEmpty());
      }
      // Far below the minute a poll would take, whatever the machine's load.
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }
  }
}
