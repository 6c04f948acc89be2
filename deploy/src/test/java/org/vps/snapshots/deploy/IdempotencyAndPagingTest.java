package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.persistence.PostgresResource;

/** Idempotency-Key on create and restore, and DRF page-number pagination. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class IdempotencyAndPagingTest {
  @Inject WorkerStandIn worker;

  Platform.Customer customer;
  long server;

  @BeforeEach
  void setUp() {
    customer = Platform.Customer.create();
    server = customer.server("running");
  }

  Response create(String key, String name) {
    return customer
        .call()
        .header("Idempotency-Key", key)
        .body(Map.of("server_id", server, "name", name))
        .post("/api/v1/snapshots/");
  }

  @Test
  void aRetriedCreateGetsTheFirstAnswerAndCreatesNothingNew() {
    Response first = create("create-1", "nightly");
    Response retry = create("create-1", "nightly");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.jsonPath().getLong("id")).isEqualTo(first.jsonPath().getLong("id"));
    customer.call().get("/api/v1/snapshots/?server_id=" + server).then().body("count", equalTo(1));
  }

  @Test
  void theSameKeyWithAnotherBodyIs422() {
    create("create-2", "nightly").then().statusCode(201);

    create("create-2", "weekly")
        .then()
        .statusCode(422)
        .body("code", equalTo("idempotency_key_reused"));
  }

  @Test
  void aRefusedRequestIsNotRememberedSoItsRetryIsJudgedAfresh() {
    long running = customer.createSnapshot(server, "running");
    create("create-3", "later").then().statusCode(400);
    worker.completeSnapshot(new SnapshotId(running), 10);

    create("create-3", "later").then().statusCode(201);
  }

  @Test
  void aRetriedRestoreStartsOneRestore() {
    long snapshot = customer.createSnapshot(server, "base");
    worker.completeSnapshot(new SnapshotId(snapshot), 10);

    for (int attempt = 0; attempt < 3; attempt++) {
      customer
          .call()
          .header("Idempotency-Key", "restore-1")
          .post("/api/v1/snapshots/" + snapshot + "/restore/")
          .then()
          .statusCode(200)
          .body("server.status", equalTo("restoring"));
    }
  }

  @Test
  void aMalformedKeyIs400() {
    create("x".repeat(300), "a")
        .then()
        .statusCode(400)
        .body("errors.Idempotency-Key", org.hamcrest.Matchers.notNullValue());
  }

  @Test
  void parallelRetriesWithOneKeyCreateOneSnapshot() throws Exception {
    List<Integer> statuses =
        SnapshotRulesTest.parallel(12, i -> create("create-race", "raced").statusCode());

    assertThat(statuses).doesNotContain(500).contains(201);
    assertThat(statuses).allMatch(s -> s == 201 || s == 409);
    customer.call().get("/api/v1/snapshots/?server_id=" + server).then().body("count", equalTo(1));
  }

  @Test
  void pagesLinkToEachOtherWithAbsoluteUrls() {
    for (int i = 1; i <= 3; i++) {
      long id = customer.createSnapshot(server, "p" + i);
      worker.completeSnapshot(new SnapshotId(id), 10);
    }

    var first =
        customer
            .call()
            .get("/api/v1/snapshots/?page_size=2&server_id=" + server)
            .then()
            .statusCode(200)
            .body("count", equalTo(3))
            .body("previous", nullValue())
            .body("results.name", equalTo(List.of("p3", "p2")))
            .extract()
            .jsonPath();
    String next = first.getString("next");
    assertThat(next).startsWith("http://").contains("page=2").contains("page_size=2");

    var second =
        customer
            .call()
            .get(next)
            .then()
            .statusCode(200)
            .body("next", nullValue())
            .extract()
            .jsonPath();
    assertThat(second.getList("results.name")).containsExactly("p1");
    assertThat(second.getString("previous")).startsWith("http://").doesNotContain("page=");
    customer
        .call()
        .get("/api/v1/snapshots/?page=7&server_id=" + server)
        .then()
        .statusCode(200)
        .body("results", equalTo(List.of()))
        .body("count", equalTo(3));
  }

  @Test
  void listingFiltersByStatus() {
    long done = customer.createSnapshot(server, "done");
    worker.completeSnapshot(new SnapshotId(done), 10);
    customer.createSnapshot(server, "running");

    customer
        .call()
        .get("/api/v1/snapshots/?status=in_progress&server_id=" + server)
        .then()
        .body("count", equalTo(1))
        .body("results[0].name", equalTo("running"))
        .body("results[0].progress", equalTo(0));
    customer
        .call()
        .get("/api/v1/snapshots/?status=completed&server_id=" + server)
        .then()
        .body("results[0].size_mb", equalTo(10))
        .body("results[0].progress", equalTo(100));
  }
}
