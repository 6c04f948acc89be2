package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.hypervisor.SimulatedHypervisor;
import org.vps.snapshots.persistence.PostgresResource;

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
  @Inject MeterRegistry metrics;

  RequestSpecification demo() {
    return Platform.Customer.demo(demoData).call();
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

    JsonPath restore =
        demo().post("/api/v1/snapshots/801/restore/").then().statusCode(200).extract().jsonPath();
    assertThat(restore.getString("operation.kind")).isEqualTo("restore");
    assertThat(serverStatus()).isEqualTo("restoring");
    await().atMost(Duration.ofSeconds(30)).until(() -> serverStatus().equals("running"));

    demo().delete("/api/v1/snapshots/" + created + "/").then().statusCode(204);
    await().atMost(Duration.ofSeconds(30)).until(() -> !backend.holds(new SnapshotId(created)));

    JsonPath operations =
        demo()
            .get("/api/v1/operations/?server_id=12345")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(operations.getList("results.kind")).containsExactly("purge", "restore", "snapshot");
    assertThat(operations.getList("results.status")).containsOnly("succeeded");
    List<Long> operationIds = operations.getList("results.id", Long.class);

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
      assertThat(events)
          .extracting(e -> JsonPath.from(e.value()).getLong("operation_id"))
          .containsExactly(
              operationIds.get(2),
              operationIds.get(2),
              operationIds.get(1),
              operationIds.get(1),
              operationIds.get(0));
    }
  }

  @Test
  void forgedEventsAndRepeatedWorkRecordsChangeNothing() throws Exception {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    long id = customer.createSnapshot(server, "once");
    customer.awaitSnapshotStatus(id, "completed");
    String completedAt = customer.snapshotField(id, "completed_at");
    long operation = customer.latestOperation(server).getLong("id");
    double deadLettersBefore = metrics.counter("snapshots.worker.dead.letters").count();

    try (EventStream stream = EventStream.events();
        KafkaProducer<String, String> producer = producer()) {
      ConsumerRecord<String, String> created =
          stream.awaitKey(Long.toString(server), r -> !r.isEmpty()).get(0);
      assertThat(EventStream.type(created)).isEqualTo("SnapshotCreated");
      // The public topic is no command channel: a forged deletion of a live snapshot does nothing.
      RecordHeaders forged = new RecordHeaders(created.headers().toArray());
      forged.remove("ce_type");
      forged.add("ce_type", "SnapshotDeleted".getBytes(StandardCharsets.UTF_8));
      producer
          .send(
              new ProducerRecord<>(
                  "snapshots.events", null, created.key(), created.value(), forged))
          .get();
      // A repeated doorbell of the ended operation, and one that names nothing, do nothing.
      producer
          .send(new ProducerRecord<>("snapshots.work", created.key(), Long.toString(operation)))
          .get();
      producer
          .send(new ProducerRecord<>("snapshots.work", created.key(), "{\"delete\": \"all\"}"))
          .get();

      try (EventStream deadLetters = new EventStream("snapshots.work.dlq")) {
        assertThat(deadLetters.awaitKey(created.key(), r -> !r.isEmpty()))
            .extracting(ConsumerRecord::value)
            .containsExactly("{\"delete\": \"all\"}");
      }
      assertThat(metrics.counter("snapshots.worker.dead.letters").count())
          .isEqualTo(deadLettersBefore + 1);
      stream.awaitExactly(
          Long.toString(server), "SnapshotCreated", "SnapshotCompleted", "SnapshotDeleted");
    }
    assertThat(backend.holds(new SnapshotId(id))).isTrue();
    assertThat(customer.snapshotField(id, "status")).isEqualTo("completed");
    assertThat(customer.snapshotField(id, "completed_at")).isEqualTo(completedAt);
    assertThat(customer.latestOperation(server).getString("status")).isEqualTo("succeeded");
    assertThat(customer.latestOperation(server).getInt("attempt")).isEqualTo(1);
  }

  static KafkaProducer<String, String> producer() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.broker().bootstrapServers());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(config);
  }
}
