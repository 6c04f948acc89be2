package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.persistence.PostgresResource;

/** Renames, descriptions, labels and delete protection over HTTP, and what they publish. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class SnapshotEditsTest {
  @Inject WorkerStandIn worker;

  Platform.Customer customer;
  long server;

  @BeforeEach
  void setUp() {
    customer = Platform.Customer.create();
    server = customer.server("running");
  }

  long completed(String name, Map<String, String> labels) {
    long id =
        customer
            .call()
            .body(Map.of("server_id", server, "name", name, "labels", labels))
            .post("/api/v1/snapshots/")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    worker.completeSnapshot(new SnapshotId(id), 1000);
    return id;
  }

  JsonPath patch(long snapshot, Object body, int status) {
    return customer
        .call()
        .body(body)
        .patch("/api/v1/snapshots/" + snapshot + "/")
        .then()
        .statusCode(status)
        .extract()
        .jsonPath();
  }

  @Test
  void aSnapshotCarriesItsLabelsAndIsUnprotectedByDefault() {
    long id = completed("labelled", Map.of("env", "prod", "example.com/team", "web"));

    JsonPath got = customer.call().get("/api/v1/snapshots/" + id + "/").jsonPath();

    assertThat(got.getMap("labels")).isEqualTo(Map.of("env", "prod", "example.com/team", "web"));
    assertThat(got.getBoolean("protection.delete")).isFalse();
    // The source's create, without labels, answers an empty object.
    JsonPath plain =
        customer
            .createSnapshotResponse(customer.server("stopped"), "plain")
            .then()
            .extract()
            .jsonPath();
    assertThat(plain.getMap("labels")).isEmpty();
  }

  @Test
  void aPatchChangesWhatItNamesAndPublishesExactlyThat() {
    long id = completed("before", Map.of("env", "dev"));

    JsonPath edited =
        patch(
            id,
            Map.of(
                "name",
                "after",
                "description",
                "kept for the audit",
                "labels",
                Map.of("env", "prod"),
                "protection",
                Map.of("delete", true)),
            200);

    assertThat(edited.getString("name")).isEqualTo("after");
    assertThat(edited.getString("description")).isEqualTo("kept for the audit");
    assertThat(edited.getMap("labels")).isEqualTo(Map.of("env", "prod"));
    assertThat(edited.getBoolean("protection.delete")).isTrue();
    assertThat(edited.getString("status")).isEqualTo("completed");
    assertThat(customer.snapshotField(id, "name")).isEqualTo("after");
    // The same PATCH again changes nothing and tells nothing.
    patch(id, Map.of("name", "after"), 200);

    List<ConsumerRecord<String, String>> records =
        EventStream.ofServer(server, "SnapshotCreated", "SnapshotCompleted", "SnapshotUpdated");
    JsonPath data = JsonPath.from(records.get(2).value());
    assertThat(data.getString("name")).isEqualTo("after");
    assertThat(data.getMap("changes"))
        .containsOnlyKeys("name", "description", "labels", "protection");
    assertThat(data.getMap("changes.labels")).isEqualTo(Map.of("env", "prod"));
    assertThat(data.getBoolean("changes.protection.delete")).isTrue();
    assertThat(data.get("operation_id") == null).isTrue();
    assertThat(EventStream.header(records.get(2), "ce_subject")).isEqualTo("snapshots/" + id);
    assertThat(JsonPath.from(records.get(0).value()).getMap("labels"))
        .isEqualTo(Map.of("env", "dev"));
  }

  @Test
  void aProtectedSnapshotIsNotDeletedUntilItsProtectionIsLifted() {
    long id = completed("precious", Map.of());
    patch(id, Map.of("protection", Map.of("delete", true)), 200);

    JsonPath refused =
        customer
            .call()
            .delete("/api/v1/snapshots/" + id + "/")
            .then()
            .statusCode(400)
            .extract()
            .jsonPath();
    assertThat(refused.getString("code")).isEqualTo("snapshot_protected");
    assertThat(refused.getString("detail")).contains("\"delete\": false");
    assertThat(customer.snapshotField(id, "status")).isEqualTo("completed");

    patch(id, Map.of("protection", Map.of("delete", false)), 200);
    customer.call().delete("/api/v1/snapshots/" + id + "/").then().statusCode(204);
  }

  @Test
  void theOperatorRemovingAServerRemovesItsProtectedSnapshotsToo() {
    long id = completed("protected", Map.of());
    patch(id, Map.of("protection", Map.of("delete", true)), 200);

    Platform.admin().delete("/admin/v1/servers/" + server).then().statusCode(204);

    customer.call().get("/api/v1/snapshots/" + id + "/").then().statusCode(404);
  }

  @Test
  void aRenameMustKeepNamesUniqueOnTheServer() {
    completed("taken", Map.of());
    long other = completed("other", Map.of());

    assertThat(patch(other, Map.of("name", "taken"), 400).getString("code"))
        .isEqualTo("duplicate_name");
    assertThat(customer.snapshotField(other, "name")).isEqualTo("other");
  }

  @Test
  void everyBadPatchIsAFieldErrorAndChangesNothing() {
    long id = completed("stays", Map.of("env", "prod"));

    assertThat(patch(id, Map.of("protected", true), 400).getList("errors.protected"))
        .singleElement()
        .asString()
        .contains("Unknown field");
    assertThat(patch(id, Map.of(), 400).getList("errors.non_field_errors")).hasSize(1);
    assertThat(patch(id, Map.of("labels", Map.of("-bad", "x")), 400).getList("errors.labels"))
        .singleElement()
        .asString()
        .contains("Label key '-bad'");
    assertThat(patch(id, Map.of("labels", Map.of("env", 3)), 400).getList("errors.labels"))
        .hasSize(1);
    assertThat(patch(id, Map.of("name", "bad name"), 400).getList("errors.name")).hasSize(1);
    assertThat(patch(id, Map.of("protection", true), 400).getList("errors.protection")).hasSize(1);
    assertThat(patch(id, Map.of("protection", Map.of()), 400).getList("errors.protection"))
        .hasSize(1);
    assertThat(
            patch(id, Map.of("protection", Map.of("delete", "yes")), 400).getList("errors.delete"))
        .hasSize(1);
    JsonPath now = customer.call().get("/api/v1/snapshots/" + id + "/").jsonPath();
    assertThat(now.getString("name")).isEqualTo("stays");
    assertThat(now.getMap("labels")).isEqualTo(Map.of("env", "prod"));
  }

  @Test
  void onlyItsOwnerWithWriteScopeMayPatch() {
    long id = completed("mine", Map.of());
    String readOnly = Platform.token(customer.account(), "read");
    Platform.Customer stranger = Platform.Customer.create();

    Platform.as(readOnly)
        .body(Map.of("name", "x"))
        .patch("/api/v1/snapshots/" + id + "/")
        .then()
        .statusCode(403);
    stranger
        .call()
        .body(Map.of("name", "x"))
        .patch("/api/v1/snapshots/" + id + "/")
        .then()
        .statusCode(404);
    assertThat(customer.snapshotField(id, "name")).isEqualTo("mine");
  }

  @Test
  void aLabelSelectorListsTheMatchingSnapshotsWithTheirCount() {
    long prodWeb = completed("prod-web", Map.of("env", "prod", "tier", "web"));
    long prodDb = completed("prod-db", Map.of("env", "prod", "tier", "db"));
    long dev = completed("dev", Map.of("env", "dev"));

    assertThat(ids("env=prod")).containsExactly(prodDb, prodWeb);
    assertThat(ids("env=prod,tier!=db")).containsExactly(prodWeb);
    assertThat(ids("tier!=db")).containsExactly(dev, prodWeb);
    assertThat(ids("!tier")).containsExactly(dev);
    assertThat(ids("tier")).containsExactly(prodDb, prodWeb);
    assertThat(ids("env==staging")).isEmpty();
    assertThat(
            customer
                .call()
                .get("/api/v1/snapshots/?label_selector=env=prod&page_size=1")
                .jsonPath()
                .getInt("count"))
        .isEqualTo(2);
    // The source's list keeps working as written: no selector, every snapshot.
    assertThat(customer.call().get("/api/v1/snapshots/").jsonPath().getInt("count")).isEqualTo(3);
  }

  @Test
  void aMalformedSelectorIsAFieldError() {
    JsonPath refused =
        customer
            .call()
            .queryParam("label_selector", "env=prod,,tier")
            .get("/api/v1/snapshots/")
            .then()
            .statusCode(400)
            .extract()
            .jsonPath();

    assertThat(refused.getList("errors.label_selector")).hasSize(1);
  }

  List<Long> ids(String selector) {
    return customer
        .call()
        .queryParam("label_selector", selector)
        .get("/api/v1/snapshots/")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("results.id", Long.class);
  }
}
