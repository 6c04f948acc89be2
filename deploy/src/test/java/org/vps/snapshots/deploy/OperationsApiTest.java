package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;

/** Customers follow their long-running work as operations, and only their own. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class OperationsApiTest {
  @jakarta.inject.Inject WorkerStandIn worker;

  @Test
  void createAndRestoreAnswerWithTheirOperationWhichTheCustomerCanFollow() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    JsonPath created =
        customer
            .call()
            .body(Map.of("server_id", server, "name", "followed"))
            .post("/api/v1/snapshots/")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    long snapshot = created.getLong("id");
    long operation = created.getLong("operation.id");
    assertThat(created.getString("operation.kind")).isEqualTo("snapshot");
    assertThat(created.getString("operation.status")).isEqualTo("queued");
    assertThat(created.getString("message")).startsWith("Snapshot is being created.");

    JsonPath queued =
        customer
            .call()
            .get("/api/v1/operations/" + operation + "/")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(queued.getString("status")).isEqualTo("queued");
    assertThat(queued.getLong("server_id")).isEqualTo(server);
    assertThat(queued.getLong("snapshot_id")).isEqualTo(snapshot);
    assertThat(queued.getInt("progress")).isZero();
    assertThat(queued.getString("started_at")).isNull();

    worker.completeSnapshot(new org.vps.snapshots.domain.SnapshotId(snapshot), 100);
    JsonPath done =
        customer
            .call()
            .get("/api/v1/operations/" + operation)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(done.getString("status")).isEqualTo("succeeded");
    assertThat(done.getInt("progress")).isEqualTo(100);
    assertThat(done.getString("finished_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    JsonPath restored =
        customer
            .call()
            .post("/api/v1/snapshots/" + snapshot + "/restore/")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(restored.getString("status")).isEqualTo("success");
    assertThat(restored.getString("operation.kind")).isEqualTo("restore");

    customer
        .call()
        .get("/api/v1/operations/?server_id=" + server)
        .then()
        .statusCode(200)
        .body("count", equalTo(2))
        .body("results[0].kind", equalTo("restore"))
        .body("results[1].id", equalTo((int) operation));
  }

  @Test
  void anotherAccountsOperationIsNotFoundAndBadIdsAreRefused() {
    Platform.Customer owner = Platform.Customer.create();
    long server = owner.server("running");
    owner.createSnapshot(server, "private");
    long operation = owner.latestOperation(server).getLong("id");
    Platform.Customer stranger = Platform.Customer.create();

    stranger
        .call()
        .get("/api/v1/operations/" + operation + "/")
        .then()
        .statusCode(404)
        .body("code", equalTo("not_found"));
    stranger
        .call()
        .get("/api/v1/operations/?server_id=" + server)
        .then()
        .statusCode(200)
        .body("count", equalTo(0));
    owner.call().get("/api/v1/operations/abc/").then().statusCode(404);
    owner
        .call()
        .get("/api/v1/operations/?server_id=abc")
        .then()
        .statusCode(400)
        .body("errors.server_id", org.hamcrest.Matchers.notNullValue());
    owner.call().get("/api/v1/operations/?page=0").then().statusCode(400);
    Platform.as("not-a-token").get("/api/v1/operations/").then().statusCode(401);
  }
}
