package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;

/**
 * The packaged service as operators run it: against real PostgreSQL and Kafka, killed and
 * restarted.
 */
class PackagedAppIT {
  static final PostgresResource POSTGRES = new PostgresResource();
  static final KafkaResource KAFKA = new KafkaResource();
  static Map<String, String> environment;

  @BeforeAll
  static void startInfrastructure() {
    Map<String, String> postgres = POSTGRES.start();
    String kafka = KAFKA.start().get("kafka.bootstrap.servers");
    environment = PackagedApp.environmentFor(postgres, kafka);
  }

  @AfterAll
  static void stopInfrastructure() {
    KAFKA.stop();
    POSTGRES.stop();
  }

  static String adminPost(PackagedApp app, String path, String json) throws Exception {
    var response = app.post(path, Platform.ADMIN_TOKEN, json);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return response.body();
  }

  /** A customer of the packaged service: an account, its write token and one running server. */
  record Customer(long account, String token, long server) {
    /** Server ids of this run's database, each handed out once. */
    private static final AtomicLong NEXT_SERVER = new AtomicLong(900_000);

    static Customer on(PackagedApp app, String name) throws Exception {
      long account =
          JsonPath.from(adminPost(app, "/admin/v1/accounts", "{\"name\":\"" + name + "\"}"))
              .getLong("id");
      String token =
          JsonPath.from(
                  adminPost(
                      app, "/admin/v1/accounts/" + account + "/tokens", "{\"scope\":\"write\"}"))
              .getString("token");
      return new Customer(account, token, addServer(app, account));
    }

    /** Another running server of this customer's account; answers its id. */
    long addServer(PackagedApp app) throws Exception {
      return addServer(app, account);
    }

    private static long addServer(PackagedApp app, long account) throws Exception {
      long id = NEXT_SERVER.getAndIncrement();
      adminPost(
          app,
          "/admin/v1/servers",
          "{\"id\":"
              + id
              + ",\"account_id\":"
              + account
              + ",\"name\":\"victim\",\"status\":\"running\"}");
      return id;
    }

    long createSnapshot(PackagedApp app, String name) throws Exception {
      return createSnapshot(app, server, name);
    }

    long createSnapshot(PackagedApp app, long onServer, String name) throws Exception {
      var created =
          app.post(
              "/api/v1/snapshots/",
              token,
              "{\"server_id\":" + onServer + ",\"name\":\"" + name + "\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      return JsonPath.from(created.body()).getLong("id");
    }

    /** The server's newest operation, as the customer sees it. */
    JsonPath operation(PackagedApp app) throws Exception {
      return JsonPath.from(app.get("/api/v1/operations/?server_id=" + server, token).body())
          .setRootPath("results[0]");
    }

    void awaitSnapshot(PackagedApp app, long snapshot, String wanted) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> wanted.equals(status(app, token, snapshot)));
    }

    void awaitOperationProgress(PackagedApp app, int atLeast) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> operation(app).getInt("progress") >= atLeast);
    }

    void assertEvents(String... types) {
      EventStream.ofServer(server, types);
    }
  }

  static Map<String, String> environment(String... settings) {
    Map<String, String> env = new HashMap<>(environment);
    for (int i = 0; i < settings.length; i += 2) {
      env.put(settings[i], settings[i + 1]);
    }
    return env;
  }

  @Test
  void aWorkerKilledMidSnapshotFinishesItOnceAfterRestart() throws Exception {
    Map<String, String> env =
        environment(
            "SNAPSHOTS_ENGINE_SIMULATED_SNAPSHOT_DURATION", "8s",
            "SNAPSHOTS_WORKER_LEASE_TIME", "3s",
            "SNAPSHOTS_DEADLINE_SWEEP_INTERVAL", "1s");
    Customer customer;
    long snapshot;
    try (PackagedApp first = PackagedApp.start("before-kill", env).awaitReady()) {
      customer = Customer.on(first, "kill");
      snapshot = customer.createSnapshot(first, "survivor");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> progress(first, customer.token(), snapshot) >= 20);

      first.kill();
    }

    try (PackagedApp second = PackagedApp.start("after-kill", env).awaitReady()) {
      customer.awaitSnapshot(second, snapshot, "completed");
      assertThat(customer.operation(second).getString("status")).isEqualTo("succeeded");
    }
    customer.assertEvents("SnapshotCreated", "SnapshotCompleted");
  }

  @Test
  void aWorkerKilledMidRestoreFinishesItOnceAfterRestart() throws Exception {
    Map<String, String> env =
        environment(
            "SNAPSHOTS_ENGINE_SIMULATED_SNAPSHOT_DURATION", "0.5s",
            "SNAPSHOTS_ENGINE_SIMULATED_RESTORE_DURATION", "10s",
            "SNAPSHOTS_WORKER_LEASE_TIME", "3s",
            "SNAPSHOTS_DEADLINE_SWEEP_INTERVAL", "1s");
    Customer customer;
    long snapshot;
    try (PackagedApp first = PackagedApp.start("before-restore-kill", env).awaitReady()) {
      customer = Customer.on(first, "restore-kill");
      snapshot = customer.createSnapshot(first, "base");
      customer.awaitSnapshot(first, snapshot, "completed");
      var restore = first.post("/api/v1/snapshots/" + snapshot + "/restore/", customer.token(), "");
      assertThat(restore.statusCode()).as(restore.body()).isEqualTo(200);
      // Killed while the server is being stopped, before the disk is written.
      customer.awaitOperationProgress(first, 20);

      first.kill();
    }

    try (PackagedApp second = PackagedApp.start("after-restore-kill", env).awaitReady()) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> "succeeded".equals(customer.operation(second).getString("status")));
      String server =
          JsonPath.from(second.get("/api/v1/servers/" + customer.server(), customer.token()).body())
              .getString("status");
      assertThat(server).isEqualTo("running");
      assertThat(customer.operation(second).getInt("attempt")).isEqualTo(2);
    }
    customer.assertEvents(
        "SnapshotCreated", "SnapshotCompleted", "RestoreStarted", "RestoreCompleted");
  }

  @Test
  void aWorkerStoppedGracefullyMidSnapshotLeavesItQueuedForTheNextWorker() throws Exception {
    Map<String, String> env = environment("SNAPSHOTS_ENGINE_SIMULATED_SNAPSHOT_DURATION", "8s");
    Customer customer;
    long snapshot;
    try (PackagedApp first = PackagedApp.start("before-stop", env).awaitReady()) {
      customer = Customer.on(first, "graceful");
      snapshot = customer.createSnapshot(first, "handed-over");
      customer.awaitOperationProgress(first, 20);
    }

    assertThat(operationRow(snapshot)).isEqualTo("queued/0");
    try (PackagedApp second = PackagedApp.start("after-stop", env).awaitReady()) {
      customer.awaitSnapshot(second, snapshot, "completed");
      assertThat(customer.operation(second).getInt("attempt")).isEqualTo(1);
    }
    customer.assertEvents("SnapshotCreated", "SnapshotCompleted");
  }

  @Test
  void aWorkerStoppedWithABacklogLeavesAllOfItToTheNextWorkerAndDeadLettersNone() throws Exception {
    // Leases and the supervisor's sweep far longer than the test: only the work records that the
    // stopped node left uncommitted can bring its backlog to the next worker.
    Map<String, String> env =
        environment(
            "SNAPSHOTS_ENGINE_SIMULATED_SNAPSHOT_DURATION", "3s",
            "SNAPSHOTS_WORKER_CONCURRENCY", "2",
            "SNAPSHOTS_WORKER_LEASE_TIME", "10m",
            "SNAPSHOTS_DEADLINE_SWEEP_INTERVAL", "10m");
    Customer customer;
    List<Long> snapshots = new ArrayList<>();
    List<String> servers = new ArrayList<>();
    try (PackagedApp first = PackagedApp.start("backlog-stop", env).awaitReady()) {
      customer = Customer.on(first, "backlog");
      for (int i = 0; i < 12; i++) {
        long server = i == 0 ? customer.server() : customer.addServer(first);
        servers.add(Long.toString(server));
        snapshots.add(customer.createSnapshot(first, server, "backlog-" + i));
      }
      customer.awaitOperationProgress(first, 20);
    }

    try (EventStream deadLetters = new EventStream("snapshots.work.dlq")) {
      assertThat(deadLetters.toTheEnd())
          .filteredOn(r -> servers.contains(r.key()))
          .extracting(r -> EventStream.header(r, "dead-letter-reason"))
          .isEmpty();
    }
    try (PackagedApp second = PackagedApp.start("backlog-next", env).awaitReady()) {
      for (long snapshot : snapshots) {
        customer.awaitSnapshot(second, snapshot, "completed");
      }
    }
  }

  /** The state and attempt count of the snapshot's operation, read from the database itself. */
  static String operationRow(long snapshot) throws Exception {
    try (Connection db =
            DriverManager.getConnection(
                environment.get("QUARKUS_DATASOURCE_JDBC_URL"),
                environment.get("QUARKUS_DATASOURCE_USERNAME"),
                environment.get("QUARKUS_DATASOURCE_PASSWORD"));
        var query =
            db.prepareStatement("select state, attempt from operations where snapshot_id = ?")) {
      query.setLong(1, snapshot);
      try (ResultSet row = query.executeQuery()) {
        assertThat(row.next()).isTrue();
        return row.getString(1) + "/" + row.getInt(2);
      }
    }
  }

  @Test
  void aSnapshotStreamedFromOneNodeFollowsTheWorkOfAnother() throws Exception {
    Map<String, String> apiOnly = environment("SNAPSHOTS_WORKERS_ENABLED", "false");
    Map<String, String> workerOnly = environment("SNAPSHOTS_API_ENABLED", "false");
    try (PackagedApp api = PackagedApp.start("stream-api", apiOnly).awaitReady()) {
      Customer customer = Customer.on(api, "streamed");
      long snapshot = customer.createSnapshot(api, "across-nodes");
      CountDownLatch opened = new CountDownLatch(1);
      var streaming =
          SseClient.open(
              api.url("/api/v1/snapshots/" + snapshot + "/events/"),
              customer.token(),
              opened::countDown);
      assertThat(opened.await(30, TimeUnit.SECONDS)).isTrue();

      try (PackagedApp worker = PackagedApp.start("stream-worker", workerOnly).awaitReady()) {
        SseClient.Stream stream = streaming.get(90, TimeUnit.SECONDS);

        List<JsonPath> states = stream.events().stream().map(e -> JsonPath.from(e.data())).toList();
        assertThat(states.get(0).getString("snapshot.status")).isEqualTo("in_progress");
        assertThat(states.get(0).getString("operation.status")).isEqualTo("queued");
        assertThat(states.get(states.size() - 1).getString("snapshot.status"))
            .isEqualTo("completed");
        assertThat(states.get(states.size() - 1).getString("operation.status"))
            .isEqualTo("succeeded");
      }
    }
  }

  @Test
  void aWorkerOnlyNodeServesNoApi() throws Exception {
    Map<String, String> env = new HashMap<>(environment);
    env.put("SNAPSHOTS_API_ENABLED", "false");
    try (PackagedApp worker = PackagedApp.start("worker-only", env).awaitReady()) {
      var response = worker.get("/api/v1/snapshots/", "anything");
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body()).contains("workers only");
    }
  }

  @Test
  void inProductionItRefusesToStartNamingEveryMissingSetting() throws Exception {
    PackagedApp refused =
        PackagedApp.start(
            "refused",
            Map.of("SNAPSHOTS_PRODUCTION", "true", "SNAPSHOTS_ADMIN_TOKEN", "dev-admin-token"));

    assertThat(refused.awaitExit(Duration.ofSeconds(60))).isEqualTo(78);
    assertThat(refused.output())
        .contains("Refusing to start in production")
        .contains("QUARKUS_DATASOURCE_JDBC_URL is not set")
        .contains("KAFKA_BOOTSTRAP_SERVERS is not set")
        .contains("SNAPSHOTS_ADMIN_TOKEN is a demo value")
        .doesNotContain("Embedded Kafka")
        .doesNotContain("dev-admin-token");
  }

  @Test
  void inProductionItServesHealthMetricsAndTheApiDocumentWithJsonLogs() throws Exception {
    int adminPort = PackagedApp.freePort();
    Map<String, String> env = new HashMap<>(environment);
    env.put("SNAPSHOTS_ADMIN_PORT", Integer.toString(adminPort));
    env.put("SNAPSHOTS_PRODUCTION", "true");
    env.put("SNAPSHOTS_ADMIN_TOKEN", "a-production-secret-of-more-than-32-chars");
    env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
    try (PackagedApp app = PackagedApp.start("production", env).awaitReady()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> app.get("/q/health/ready", null).statusCode() == 200);
      assertThat(app.get("/q/health/live", null).statusCode()).isEqualTo(200);
      assertThat(app.get("/q/metrics", null).body()).contains("snapshots_outbox_backlog");
      assertThat(app.get("/q/openapi", null).body())
          .contains("/api/v1/snapshots/{snapshot_id}/restore/");
      // The public listener serves the customers' API and nothing of the operator's.
      assertThat(app.getPublic("/q/metrics", null).statusCode()).isEqualTo(404);
      assertThat(app.getPublic("/q/health/ready", null).statusCode()).isEqualTo(404);
      String operator = "a-production-secret-of-more-than-32-chars";
      assertThat(app.getPublic("/admin/v1/outbox/quarantine", operator).statusCode())
          .isEqualTo(404);
      assertThat(PackagedApp.getOn(adminPort, "/admin/v1/outbox/quarantine", operator).statusCode())
          .isEqualTo(200);
      assertThat(PackagedApp.getOn(adminPort, "/api/v1/snapshots/", null).statusCode())
          .isEqualTo(404);
      var refused = app.post("/api/v1/snapshots/", "not-a-token", "{}");
      assertThat(refused.statusCode()).isEqualTo(401);
      String requestId = refused.headers().firstValue("X-Request-Id").orElseThrow();

      String output = app.output();
      assertThat(output).doesNotContain("embedded default").doesNotContain("Write token");
      List<String> jsonLines = output.lines().filter(l -> l.startsWith("{")).toList();
      assertThat(jsonLines).isNotEmpty();
      assertThat(jsonLines)
          .allSatisfy(l -> assertThat(JsonPath.from(l).getString("level")).isNotBlank());
      assertThat(output).doesNotContain("a-production-secret-of-more-than-32-chars");
      assertThat(requestId).isNotBlank();
    }
  }

  static int progress(PackagedApp app, String token, long snapshot) throws Exception {
    return JsonPath.from(app.get("/api/v1/snapshots/" + snapshot + "/", token).body())
        .getInt("progress");
  }

  static String status(PackagedApp app, String token, long snapshot) throws Exception {
    return JsonPath.from(app.get("/api/v1/snapshots/" + snapshot + "/", token).body())
        .getString("status");
  }
}
