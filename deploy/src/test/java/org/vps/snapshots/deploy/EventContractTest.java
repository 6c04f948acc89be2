package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.persistence.PostgresResource;

/** What a subscriber of {@code snapshots.events} receives: CloudEvents, keyed, in order. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class EventContractTest {
  @Inject WorkerStandIn worker;

  @Test
  void everyStateChangeOfAServerArrivesOnceInOrderAsACloudEvent() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("stopped");
    Instant before = Instant.now().minusSeconds(1);

    long snapshot = customer.createSnapshot(server, "nightly");
    worker.completeSnapshot(new SnapshotId(snapshot), 4096);
    customer.call().post("/api/v1/snapshots/" + snapshot + "/restore/").then().statusCode(200);
    worker.completeRestore(new ServerId(server), new SnapshotId(snapshot));
    customer.call().delete("/api/v1/snapshots/" + snapshot + "/").then().statusCode(204);

    List<ConsumerRecord<String, String>> records;
    try (EventStream stream = EventStream.events()) {
      records = stream.awaitKey(Long.toString(server), r -> r.size() >= 5);
    }

    assertThat(records)
        .extracting(EventStream::type)
        .containsExactly(
            "SnapshotCreated",
            "SnapshotCompleted",
            "RestoreStarted",
            "RestoreCompleted",
            "SnapshotDeleted");
    assertThat(records).extracting(r -> EventStream.header(r, "ce_id")).doesNotHaveDuplicates();
    for (ConsumerRecord<String, String> record : records) {
      Map<String, String> headers = EventStream.headers(record);
      assertThat(headers)
          .containsEntry("ce_specversion", "1.0")
          .containsEntry("ce_source", "/vps/snapshots")
          .containsEntry("ce_subject", "snapshots/" + snapshot)
          .containsEntry("content-type", "application/json");
      assertThat(headers.get("ce_id")).matches("[0-9a-f-]{36}");
      assertThat(Instant.parse(headers.get("ce_time"))).isAfter(before);
      JsonPath data = JsonPath.from(record.value());
      assertThat(data.getInt("schema_version")).isEqualTo(1);
      assertThat(data.getString("event_id")).isEqualTo(headers.get("ce_id"));
      assertThat(data.getLong("server_id")).isEqualTo(server);
      assertThat(data.getLong("snapshot_id")).isEqualTo(snapshot);
      assertThat(data.getLong("account_id")).isEqualTo(customer.account());
      assertThat(data.getLong("operation_id")).isPositive();
    }
    // Each event names its operation: the snapshot's, the restore's, the purge's.
    List<Long> operations =
        records.stream().map(r -> JsonPath.from(r.value()).getLong("operation_id")).toList();
    assertThat(operations.get(0)).isEqualTo(operations.get(1));
    assertThat(operations.get(2)).isEqualTo(operations.get(3));
    assertThat(operations.subList(0, 5).stream().distinct()).hasSize(3);
    JsonPath created = JsonPath.from(records.get(0).value());
    assertThat(created.getString("name")).isEqualTo("nightly");
    assertThat(created.getString("status")).isEqualTo("in_progress");
    assertThat(created.getString("server_status")).isEqualTo("stopped");
    assertThat(JsonPath.from(records.get(1).value()).getLong("size_mb")).isEqualTo(4096);
    assertThat(JsonPath.from(records.get(2).value()).getString("power_state_before"))
        .isEqualTo("stopped");
    assertThat(JsonPath.from(records.get(3).value()).getString("server_status"))
        .isEqualTo("stopped");
    assertThat(JsonPath.from(records.get(4).value()).getString("last_status"))
        .isEqualTo("completed");
  }

  @Test
  void failuresArriveWithTheirReasons() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    long broken = customer.createSnapshot(server, "broken");
    worker.failSnapshot(new SnapshotId(broken), "disk unreachable");
    long base = customer.createSnapshot(server, "base");
    worker.completeSnapshot(new SnapshotId(base), 10);
    customer.call().post("/api/v1/snapshots/" + base + "/restore/").then().statusCode(200);
    worker.failRestore(new ServerId(server), new SnapshotId(base), "image corrupt");

    List<ConsumerRecord<String, String>> records;
    try (EventStream stream = EventStream.events()) {
      records =
          stream.awaitKey(
              Long.toString(server),
              r -> r.stream().anyMatch(e -> "RestoreFailed".equals(EventStream.type(e))));
    }

    JsonPath snapshotFailed =
        JsonPath.from(
            records.stream()
                .filter(r -> "SnapshotFailed".equals(EventStream.type(r)))
                .findFirst()
                .orElseThrow()
                .value());
    assertThat(snapshotFailed.getString("reason")).isEqualTo("disk unreachable");
    assertThat(snapshotFailed.getString("status")).isEqualTo("failed");
    JsonPath restoreFailed = JsonPath.from(records.get(records.size() - 1).value());
    assertThat(restoreFailed.getString("reason")).isEqualTo("image corrupt");
    assertThat(restoreFailed.getString("server_status")).isEqualTo("running");
  }
}
