package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;

/** A snapshot's progress as Server-Sent Events, while the workers move it along. */
@QuarkusTest
@TestProfile(Profiles.Workers.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class SnapshotStreamTest {
  @TestHTTPResource("/api/v1/snapshots/")
  URL snapshots;

  String eventsOf(long snapshot) {
    return snapshots + Long.toString(snapshot) + "/events/";
  }

  static List<JsonPath> data(SseClient.Stream stream) {
    return stream.events().stream().map(e -> JsonPath.from(e.data())).toList();
  }

  @Test
  void aNewSnapshotIsStreamedFromZeroToCompletedAndTheStreamEnds() throws Exception {
    Platform.Customer customer = Platform.Customer.create();
    long snapshot = customer.createSnapshot(customer.server("running"), "streamed");

    SseClient.Stream stream =
        SseClient.read(eventsOf(snapshot), customer.token(), Duration.ofSeconds(60));

    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.contentType()).startsWith("text/event-stream");
    assertThat(stream.events()).extracting(SseClient.Event::name).containsOnly("snapshot");
    List<JsonPath> states = data(stream);
    assertThat(states.get(0).getString("snapshot.status")).isEqualTo("in_progress");
    assertThat(states.get(0).getInt("snapshot.progress")).isZero();
    JsonPath last = states.get(states.size() - 1);
    assertThat(last.getString("snapshot.status")).isEqualTo("completed");
    assertThat(last.getInt("snapshot.progress")).isEqualTo(100);
    assertThat(last.getString("operation.kind")).isEqualTo("snapshot");
    assertThat(last.getString("operation.status")).isEqualTo("succeeded");
    assertThat(states).extracting(s -> s.getInt("snapshot.progress")).isSorted();
  }

  @Test
  void aRestoreFromTheSnapshotIsStreamedUntilItEnds() throws Exception {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    long snapshot = customer.createSnapshot(server, "to-restore");
    customer.awaitSnapshotStatus(snapshot, "completed");

    customer.call().post("/api/v1/snapshots/" + snapshot + "/restore/").then().statusCode(200);
    SseClient.Stream stream =
        SseClient.read(eventsOf(snapshot), customer.token(), Duration.ofSeconds(60));

    List<JsonPath> states = data(stream);
    assertThat(states)
        .allSatisfy(s -> assertThat(s.getString("operation.kind")).isEqualTo("restore"));
    assertThat(states.get(states.size() - 1).getString("operation.status")).isEqualTo("succeeded");
  }

  @Test
  void aSettledSnapshotIsSentOnceAndAnotherAccountsIsNotFound() throws Exception {
    Platform.Customer customer = Platform.Customer.create();
    long snapshot = customer.createSnapshot(customer.server("running"), "settled");
    customer.awaitSnapshotStatus(snapshot, "completed");

    SseClient.Stream stream =
        SseClient.read(eventsOf(snapshot), customer.token(), Duration.ofSeconds(10));
    assertThat(data(stream))
        .singleElement()
        .satisfies(s -> assertThat(s.getString("snapshot.status")).isEqualTo("completed"));

    SseClient.Stream stranger =
        SseClient.read(
            eventsOf(snapshot), Platform.Customer.create().token(), Duration.ofSeconds(10));
    assertThat(stranger.status()).isEqualTo(404);
    assertThat(SseClient.read(eventsOf(snapshot), "snp_nope", Duration.ofSeconds(10)).status())
        .isEqualTo(401);
  }
}
