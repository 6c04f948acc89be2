package org.vps.snapshots.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.hypervisor.SimulatedHypervisor;

/**
 * The documented flow end to end with only Kafka between the API and the workers: create, wait for
 * completed, restore, wait for the server to return, delete, and the stored data goes.
 */
@QuarkusTest
@TestProfile(Profiles.Workers.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class WorkerFlowTest {
  @Inject DemoData demoData;
  @Inject SimulatedHypervisor backend;

  RequestSpecification demo() {
    String token = Platform.token(demoData.demoAccount().orElseThrow().value(), "write");
    return given()
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json");
  }

  JsonPath snapshot(long id) {
    return demo().get("/api/v1/snapshots/" + id + "/").then().statusCode(200).extract().jsonPath();
  }

  String serverStatus() {
    return demo().get("/api/v1/servers/12345/").then().extract().jsonPath().getString("status");
  }

  @Test
  void theDocumentedFlowCompletesThroughTheWorkers() {
    long created =
        demo()
            .body(
                "{\"server_id\": 12345, \"name\": \"before-update-snapshot\","
                    + " \"description\": \"Snapshot before system update\"}")
            .post("/api/v1/snapshots/")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");

    List<Integer> progressSeen = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              JsonPath now = snapshot(created);
              if (now.getString("status").equals("in_progress")) {
                progressSeen.add(now.getInt("progress"));
                assertThat(now.getInt("progress")).isBetween(0, 99);
                assertThat(now.get("size_mb") == null).isTrue();
              }
              return now.getString("status").equals("completed");
            });
    JsonPath done = snapshot(created);
    assertThat(done.getInt("progress")).isEqualTo(100);
    assertThat(done.getLong("size_mb")).isPositive();
    assertThat(done.getString("completed_at")).isNotNull();
    assertThat(progressSeen).isSorted();
    assertThat(backend.holds(new SnapshotId(created))).isTrue();

    demo().post("/api/v1/snapshots/801/restore/").then().statusCode(200);
    assertThat(serverStatus()).isEqualTo("restoring");
    await().atMost(Duration.ofSeconds(30)).until(() -> serverStatus().equals("running"));

    demo().delete("/api/v1/snapshots/" + created + "/").then().statusCode(204);
    await().atMost(Duration.ofSeconds(30)).until(() -> !backend.holds(new SnapshotId(created)));

    try (EventStream stream = EventStream.events()) {
      List<ConsumerRecord<String, String>> events = stream.awaitKey("12345", r -> r.size() >= 5);
      assertThat(events)
          .extracting(EventStream::type)
          .containsExactly(
              "SnapshotCreated",
              "SnapshotCompleted",
              "RestoreStarted",
              "RestoreCompleted",
              "SnapshotDeleted");
    }
  }

  @Test
  void aRedeliveredWorkRecordChangesNothing() throws Exception {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    long id = customer.createSnapshot(server, "once");
    customer.awaitSnapshotStatus(id, "completed");
    String completedAt = customer.snapshotField(id, "completed_at");

    try (EventStream stream = EventStream.events();
        KafkaProducer<String, String> producer = producer()) {
      ConsumerRecord<String, String> original =
          stream.awaitKey(Long.toString(server), r -> !r.isEmpty()).get(0);
      assertThat(EventStream.type(original)).isEqualTo("SnapshotCreated");
      producer
          .send(
              new ProducerRecord<>(
                  "snapshots.events", null, original.key(), original.value(), original.headers()))
          .get();

      List<ConsumerRecord<String, String>> events =
          stream.awaitKey(Long.toString(server), r -> r.size() >= 3);
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> stream.awaitKey(Long.toString(server), r -> true).size() == 3);
      assertThat(events)
          .extracting(EventStream::type)
          .containsExactly("SnapshotCreated", "SnapshotCompleted", "SnapshotCreated");
    }
    assertThat(customer.snapshotField(id, "completed_at")).isEqualTo(completedAt);
  }

  static KafkaProducer<String, String> producer() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.broker().bootstrapServers());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(config);
  }
}
