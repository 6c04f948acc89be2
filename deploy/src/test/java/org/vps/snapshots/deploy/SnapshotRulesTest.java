package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.persistence.PostgresResource;

/** The spec's rules over HTTP, including under concurrent requests. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class SnapshotRulesTest {
  @Inject WorkerStandIn worker;

  Platform.Customer customer;
  long server;

  @BeforeEach
  void setUp() {
    customer = Platform.Customer.create();
    server = customer.server("running");
  }

  long completed(String name) {
    long id = customer.createSnapshot(server, name);
    worker.completeSnapshot(new SnapshotId(id), 1000);
    return id;
  }

  JsonPath create(String name, int status) {
    return customer
        .call()
        .body(Map.of("server_id", server, "name", name))
        .post("/api/v1/snapshots/")
        .then()
        .statusCode(status)
        .extract()
        .jsonPath();
  }

  @Test
  void theSixthSnapshotIsRefusedAndADeleteFreesThePlaceAtOnce() {
    long first = completed("s1");
    for (int i = 2; i <= 5; i++) {
      completed("s" + i);
    }

    assertThat(create("s6", 400).getString("code")).isEqualTo("snapshot_limit_reached");

    customer.call().delete("/api/v1/snapshots/" + first + "/").then().statusCode(204);
    assertThat(create("s6", 201).getString("status")).isEqualTo("in_progress");
  }

  @Test
  void failedSnapshotsDoNotCountAndShowWhyTheyFailed() {
    for (int i = 1; i <= 4; i++) {
      completed("s" + i);
    }
    long failed = customer.createSnapshot(server, "s5");
    worker.failSnapshot(new SnapshotId(failed), "hypervisor unreachable");

    customer
        .call()
        .get("/api/v1/snapshots/" + failed)
        .then()
        .body("status", equalTo("failed"))
        .body("error", equalTo("hypervisor unreachable"))
        .body("size_mb", nullValue());
    create("s6", 201);
  }

  @Test
  void aSecondOperationWhileOneRunsIsRefusedNamingTheBlockerWithRetryAfter() {
    long running = customer.createSnapshot(server, "running");

    var refused =
        customer
            .call()
            .body(Map.of("server_id", server, "name", "second"))
            .post("/api/v1/snapshots/")
            .then()
            .statusCode(400)
            .header("Retry-After", "10")
            .body("code", equalTo("operation_in_progress"))
            .body("blocking_snapshot_id", equalTo((int) running))
            .extract();
    assertThat(refused.jsonPath().getString("detail")).contains(Long.toString(running));
    customer
        .call()
        .delete("/api/v1/snapshots/" + running + "/")
        .then()
        .statusCode(400)
        .header("Retry-After", "10")
        .body("code", equalTo("snapshot_busy"));
  }

  @Test
  void aDuplicateNameOnTheSameServerIsRefusedButFineOnAnother() {
    completed("nightly");

    assertThat(create("nightly", 400).getString("code")).isEqualTo("duplicate_name");
    long other = customer.server("running");
    customer.createSnapshot(other, "nightly");
  }

  @Test
  void restoreRulesAndTheReturnToThePowerStateBefore() {
    Platform.admin()
        .body(Map.of("status", "stopped"))
        .patch("/admin/v1/servers/" + server)
        .then()
        .statusCode(200);
    long snapshot = completed("base");
    long failed = customer.createSnapshot(server, "broken");
    worker.failSnapshot(new SnapshotId(failed), "x");

    customer
        .call()
        .post("/api/v1/snapshots/" + failed + "/restore/")
        .then()
        .statusCode(400)
        .body("code", equalTo("snapshot_not_ready"));
    customer
        .call()
        .post("/api/v1/snapshots/" + snapshot + "/restore")
        .then()
        .statusCode(200)
        .body("server.status", equalTo("restoring"));
    customer.call().get("/api/v1/servers/" + server).then().body("status", equalTo("restoring"));
    create("during-restore", 400);
    customer
        .call()
        .delete("/api/v1/snapshots/" + snapshot)
        .then()
        .statusCode(400)
        .body("code", equalTo("snapshot_busy"));

    worker.completeRestore(new ServerId(server), new SnapshotId(snapshot));

    customer.call().get("/api/v1/servers/" + server).then().body("status", equalTo("stopped"));
  }

  @Test
  void aServerInAnotherPlatformStateTakesNoSnapshot() {
    Platform.admin()
        .body(Map.of("status", "provisioning"))
        .patch("/admin/v1/servers/" + server)
        .then()
        .statusCode(200);

    assertThat(create("early", 400).getString("code")).isEqualTo("invalid_server_state");
  }

  @Test
  void fortyParallelCreatesOnAnIdleServerGiveExactlyOne201() throws Exception {
    List<Integer> statuses = parallel(40, i -> create("race-" + i));

    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 400).hasSize(39);
    customer.call().get("/api/v1/snapshots/?server_id=" + server).then().body("count", equalTo(1));
  }

  @Test
  void fiftyParallelCreatesAtTheLimitAreAllRefused() throws Exception {
    for (int i = 1; i <= 5; i++) {
      completed("s" + i);
    }

    List<Integer> statuses = parallel(50, i -> create("over-" + i));

    assertThat(statuses).containsOnly(400);
    customer.call().get("/api/v1/snapshots/?server_id=" + server).then().body("count", equalTo(5));
  }

  @Test
  void racedCreatesOnTwoServersGiveOneSnapshotEach() throws Exception {
    long second = customer.server("running");
    List<Integer> statuses =
        parallel(
            20,
            i ->
                customer
                    .call()
                    .body(Map.of("server_id", i % 2 == 0 ? server : second, "name", "same"))
                    .post("/api/v1/snapshots/")
                    .statusCode());

    assertThat(statuses).filteredOn(s -> s == 201).hasSize(2);
    assertThat(statuses).doesNotContain(500);
  }

  @Test
  void parallelCreatesOnTenServersGiveEachServerExactlyOneSnapshot() throws Exception {
    List<Long> servers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      servers.add(customer.server("running"));
    }

    List<Integer> statuses =
        parallel(
            40,
            i ->
                customer
                    .call()
                    .body(Map.of("server_id", servers.get(i % 10), "name", "burst-" + i))
                    .post("/api/v1/snapshots/")
                    .statusCode());

    assertThat(statuses).filteredOn(s -> s == 201).hasSize(10);
    assertThat(statuses).filteredOn(s -> s == 400).hasSize(30);
    for (long each : servers) {
      customer
          .call()
          .get("/api/v1/snapshots/?server_id=" + each)
          .then()
          .body("count", equalTo(1))
          .body("results[0].status", equalTo("in_progress"));
    }
  }

  private int create(String name) {
    return customer
        .call()
        .body(Map.of("server_id", server, "name", name))
        .post("/api/v1/snapshots/")
        .statusCode();
  }

  interface Call {
    int run(int index) throws Exception;
  }

  static List<Integer> parallel(int count, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        Callable<Integer> task =
            () -> {
              start.await();
              return call.run(index);
            };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> future : futures) {
        statuses.add(future.get());
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }
}
