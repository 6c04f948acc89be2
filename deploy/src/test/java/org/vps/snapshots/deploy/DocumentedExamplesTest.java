package org.vps.snapshots.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.persistence.PostgresResource;

/**
 * Every example request of the public documentation, as written (cURL, Python and JavaScript send
 * the same requests), against the demo data, with only host and token swapped. The worker's part is
 * played through the use cases it calls.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class DocumentedExamplesTest {
  @Inject WorkerStandIn worker;
  @Inject DemoData demoData;

  @Test
  void theDocumentedFlowWorksAsWritten() {
    String token = Platform.token(demoData.demoAccount().orElseThrow().value(), "write");

    // GET list, ?server_id=12345, with the documented headers.
    JsonPath list =
        given()
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .get("/api/v1/snapshots/?server_id=12345")
            .then()
            .statusCode(200)
            .body("count", equalTo(2))
            .extract()
            .jsonPath();
    assertThat(list.getLong("results[0].id")).isEqualTo(801);
    assertThat(list.getMap("results[0].server"))
        .isEqualTo(Map.of("id", 12345, "name", "web-server-01"));
    assertThat(list.getString("results[0].name")).isEqualTo("pre-migration-snapshot");
    assertThat(list.getString("results[0].status")).isEqualTo("completed");
    assertThat(list.getInt("results[0].size_mb")).isEqualTo(5120);
    assertThat(list.getString("results[0].created_at")).isEqualTo("2025-01-15T18:30:00Z");
    assertThat(list.getString("results[0].description")).isEqualTo("Before major migration");
    assertThat(list.getLong("results[1].id")).isEqualTo(798);
    assertThat(list.getString("results[1].name")).isEqualTo("weekly-snapshot-2025-01-08");
    assertThat(list.getInt("results[1].size_mb")).isEqualTo(4856);
    assertThat(list.getString("results[1].created_at")).isEqualTo("2025-01-08T12:00:00Z");

    // POST create with the documented body.
    JsonPath created =
        given()
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .body(
                """
                {
                    "server_id": 12345,
                    "name": "before-update-snapshot",
                    "description": "Snapshot before system update"
                  }""")
            .post("/api/v1/snapshots/")
            .then()
            .statusCode(201)
            .body("server.id", equalTo(12345))
            .body("server.name", equalTo("web-server-01"))
            .body("name", equalTo("before-update-snapshot"))
            .body("status", equalTo("in_progress"))
            .body("size_mb", nullValue())
            .body("description", equalTo("Snapshot before system update"))
            .body(
                "message",
                equalTo(
                    "Snapshot is being created. This may take 3-10 minutes depending on server size."))
            .extract()
            .jsonPath();
    assertThat(created.getString("created_at"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(created.getLong("id")).isGreaterThan(801);
    worker.completeSnapshot(new SnapshotId(created.getLong("id")), 5300);

    // POST restore with Content-Type: application/json and no body.
    given()
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .post("/api/v1/snapshots/801/restore/")
        .then()
        .statusCode(200)
        .body("status", equalTo("success"))
        .body(
            "message",
            equalTo("Server is being restored from snapshot. This may take 5-15 minutes."))
        .body("snapshot.id", equalTo(801))
        .body("snapshot.name", equalTo("pre-migration-snapshot"))
        .body("snapshot.created_at", equalTo("2025-01-15T18:30:00Z"))
        .body("server.id", equalTo(12345))
        .body("server.name", equalTo("web-server-01"))
        .body("server.status", equalTo("restoring"));
    worker.completeRestore(new ServerId(12345), new SnapshotId(801));

    // DELETE with the documented headers.
    given()
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .delete("/api/v1/snapshots/801/")
        .then()
        .statusCode(204);
    given()
        .header("Authorization", "Bearer " + token)
        .get("/api/v1/snapshots/801/")
        .then()
        .statusCode(404);
    given()
        .header("Authorization", "Bearer " + token)
        .get("/api/v1/servers/12345/")
        .then()
        .statusCode(200)
        .body("status", equalTo("running"));
  }
}
