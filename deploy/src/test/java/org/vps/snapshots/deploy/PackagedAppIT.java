package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

  @Test
  void aWorkerKilledMidSnapshotFinishesItOnceAfterRestart() throws Exception {
    Map<String, String> env = new HashMap<>(environment);
    env.put("SNAPSHOTS_ENGINE_SIMULATED_SNAPSHOT_DURATION", "8s");
    long server = 900_000 + System.nanoTime() % 100_000;
    String token;
    long snapshot;
    try (PackagedApp first = PackagedApp.start("before-kill", env).awaitReady()) {
      long account =
          JsonPath.from(adminPost(first, "/admin/v1/accounts", "{\"name\":\"kill\"}"))
              .getLong("id");
      token =
          JsonPath.from(
                  adminPost(
                      first, "/admin/v1/accounts/" + account + "/tokens", "{\"scope\":\"write\"}"))
              .getString("token");
      adminPost(
          first,
          "/admin/v1/servers",
          "{\"id\":"
              + server
              + ",\"account_id\":"
              + account
              + ",\"name\":\"victim\",\"status\":\"running\"}");
      var created =
          first.post(
              "/api/v1/snapshots/", token, "{\"server_id\":" + server + ",\"name\":\"survivor\"}");
      assertThat(created.statusCode()).isEqualTo(201);
      snapshot = JsonPath.from(created.body()).getLong("id");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> progress(first, token, snapshot) >= 20);

      first.kill();
    }

    try (PackagedApp second = PackagedApp.start("after-kill", env).awaitReady()) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> "completed".equals(status(second, token, snapshot)));
    }
    try (EventStream stream = EventStream.events()) {
      List<ConsumerRecord<String, String>> events =
          stream.awaitKey(Long.toString(server), r -> r.size() >= 2);
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> stream.awaitKey(Long.toString(server), r -> true).size() == 2);
      assertThat(events)
          .extracting(EventStream::type)
          .containsExactly("SnapshotCreated", "SnapshotCompleted");
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
    Map<String, String> env = new HashMap<>(environment);
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
