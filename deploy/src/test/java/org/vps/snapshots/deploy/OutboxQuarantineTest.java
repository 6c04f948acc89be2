package org.vps.snapshots.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;

/**
 * An outbox row that cannot be read back (a rolled-back version, a hand-written row) is set aside,
 * loudly, and never stops the events after it; the operator lists it and requeues or drops it.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class OutboxQuarantineTest {
  @Inject EntityManager entityManager;

  void writeUnreadableRow(long server) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        "insert into outbox (event_id, event_type, message_key, payload,"
                            + " occurred_at) values (?1, 'SnapshotCreated', ?2,"
                            + " '{\"outbox_version\": 99}'::jsonb, now())")
                    .setParameter(1, UUID.randomUUID())
                    .setParameter(2, Long.toString(server))
                    .executeUpdate());
  }

  /** The quarantined messages of one server, as the operator API lists them. */
  List<Map<String, Object>> quarantineOf(long server) {
    List<Map<String, Object>> all =
        Platform.admin()
            .get("/admin/v1/outbox/quarantine")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    return all.stream().filter(m -> Long.toString(server).equals(m.get("server_id"))).toList();
  }

  static long position(Map<String, Object> message) {
    return ((Number) message.get("position")).longValue();
  }

  @Test
  void anUnreadableRowIsQuarantinedAndTheEventsAfterItAreStillPublished() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    writeUnreadableRow(server);
    customer.createSnapshot(server, "after-the-bad-row");

    EventStream.ofServer(server, "SnapshotCreated");
    await().atMost(Duration.ofSeconds(10)).until(() -> quarantineOf(server).size() == 1);
    Map<String, Object> quarantined = quarantineOf(server).get(0);
    assertThat(quarantined.get("type")).isEqualTo("SnapshotCreated");
    assertThat((String) quarantined.get("reason")).contains("version 99");
    assertThat(Management.given().get("/q/metrics").asString())
        .containsPattern("snapshots_outbox_quarantined [1-9]");

    long position = position(quarantined);
    Platform.admin()
        .post("/admin/v1/outbox/quarantine/" + position + "/requeue")
        .then()
        .statusCode(204);
    // Still unreadable: set aside again, under its new place in the outbox.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                quarantineOf(server).size() == 1
                    && position(quarantineOf(server).get(0)) != position);
    long again = position(quarantineOf(server).get(0));
    Platform.admin().delete("/admin/v1/outbox/quarantine/" + again).then().statusCode(204);
    Platform.admin().delete("/admin/v1/outbox/quarantine/" + again).then().statusCode(404);
    assertThat(quarantineOf(server)).isEmpty();
    given().get("/admin/v1/outbox/quarantine").then().statusCode(401);
  }
}
