package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.schedule.FireSchedules;
import org.vps.snapshots.persistence.PostgresResource;

/** Schedules over HTTP, and a due one fired by two replicas at once. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class SchedulesApiTest {
  @Inject FireSchedules fireSchedules;
  @Inject EntityManager entityManager;

  Platform.Customer customer;
  long server;

  @BeforeEach
  void setUp() {
    customer = Platform.Customer.create();
    server = customer.server("running");
  }

  JsonPath send(String method, String path, Object body, int status) {
    var request = customer.call();
    if (body != null) {
      request = request.body(body);
    }
    return request.request(method, path).then().statusCode(status).extract().jsonPath();
  }

  long nightly(int keep) {
    return send(
            "POST",
            "/api/v1/schedules/",
            Map.of(
                "server_id",
                server,
                "name_prefix",
                "nightly",
                "every",
                "daily",
                "at",
                "03:00",
                "keep",
                keep,
                "labels",
                Map.of("env", "prod")),
            201)
        .getLong("id");
  }

  @Test
  void aScheduleIsAddedReadChangedAndRemoved() {
    long id = nightly(3);

    JsonPath read = send("GET", "/api/v1/schedules/" + id + "/", null, 200);
    assertThat(read.getLong("server_id")).isEqualTo(server);
    assertThat(read.getString("every")).isEqualTo("daily");
    assertThat(read.getString("at")).isEqualTo("03:00");
    assertThat(read.getString("weekday")).isNull();
    assertThat(read.getInt("keep")).isEqualTo(3);
    assertThat(read.getBoolean("enabled")).isTrue();
    assertThat(read.getMap("labels")).isEqualTo(Map.of("env", "prod"));
    assertThat(Instant.parse(read.getString("next_run_at"))).isAfter(Instant.now());
    assertThat(
            send("GET", "/api/v1/schedules/?server_id=" + server, null, 200)
                .getList("results.id", Long.class))
        .containsExactly(id);

    JsonPath changed =
        send(
            "PATCH",
            "/api/v1/schedules/" + id + "/",
            Map.of("every", "weekly", "weekday", "sunday", "at", "04:30", "keep", 2),
            200);
    assertThat(changed.getString("weekday")).isEqualTo("sunday");
    assertThat(
            Instant.parse(changed.getString("next_run_at")).atZone(ZoneOffset.UTC).getDayOfWeek())
        .isEqualTo(java.time.DayOfWeek.SUNDAY);
    assertThat(
            send("PATCH", "/api/v1/schedules/" + id + "/", Map.of("enabled", false), 200)
                .getString("next_run_at"))
        .isNull();

    send("DELETE", "/api/v1/schedules/" + id + "/", null, 204);
    send("GET", "/api/v1/schedules/" + id + "/", null, 404);
  }

  @Test
  void oneSchedulePerServerAndEveryBadFieldIsNamed() {
    nightly(3);
    assertThat(
            send(
                    "POST",
                    "/api/v1/schedules/",
                    Map.of(
                        "server_id",
                        server,
                        "name_prefix",
                        "again",
                        "every",
                        "daily",
                        "at",
                        "04:00",
                        "keep",
                        1),
                    400)
                .getString("code"))
        .isEqualTo("schedule_exists");
    long other = customer.server("running");

    assertThat(refusedFields(other, "bad name", "hourly", "25:00", 3, Map.of("colour", "red")))
        .containsKeys("every", "at", "colour");
    assertThat(refusedFields(other, "w", "weekly", "04:00", 3, Map.of())).containsKey("weekday");
    assertThat(refusedFields(other, "k", "daily", "04:00", 9, Map.of())).containsKey("keep");
    assertThat(refusedFields(other, "bad name", "daily", "04:00", 2, Map.of()))
        .containsKey("name_prefix");
  }

  /** The field errors of a schedule refused for server {@code server}. */
  Map<String, Object> refusedFields(
      long server, String prefix, String every, String at, int keep, Map<String, Object> more) {
    Map<String, Object> body = new HashMap<>(more);
    body.putAll(
        Map.of("server_id", server, "name_prefix", prefix, "every", every, "at", at, "keep", keep));
    return send("POST", "/api/v1/schedules/", body, 400).getMap("errors");
  }

  @Test
  void onlyItsOwnerSeesOrChangesASchedule() {
    long id = nightly(3);
    Platform.Customer stranger = Platform.Customer.create();

    stranger.call().get("/api/v1/schedules/" + id + "/").then().statusCode(404);
    stranger.call().delete("/api/v1/schedules/" + id + "/").then().statusCode(404);
    stranger
        .call()
        .body(
            Map.of(
                "server_id",
                server,
                "name_prefix",
                "x",
                "every",
                "daily",
                "at",
                "01:00",
                "keep",
                1))
        .post("/api/v1/schedules/")
        .then()
        .statusCode(404);
    Platform.as(Platform.token(customer.account(), "read"))
        .body(Map.of("keep", 1))
        .patch("/api/v1/schedules/" + id + "/")
        .then()
        .statusCode(403);
  }

  @Test
  void aDueScheduleFiredByTwoReplicasAtOnceMakesOneSnapshot() throws Exception {
    long id = nightly(3);
    Instant tick = makeDue(id);

    int fired;
    ExecutorService replicas = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> passes =
          List.of(
              replicas.submit(
                  () -> {
                    start.await();
                    return fireSchedules.execute();
                  }),
              replicas.submit(
                  () -> {
                    start.await();
                    return fireSchedules.execute();
                  }));
      start.countDown();
      fired = passes.get(0).get() + passes.get(1).get();
    } finally {
      replicas.shutdownNow();
    }

    assertThat(fired).isEqualTo(1);
    String name =
        "nightly-"
            + DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC).format(tick);
    JsonPath snapshots = send("GET", "/api/v1/snapshots/?server_id=" + server, null, 200);
    assertThat(snapshots.getInt("count")).isEqualTo(1);
    assertThat(snapshots.getString("results[0].name")).isEqualTo(name);
    assertThat(snapshots.getString("results[0].trigger")).isEqualTo("schedule");
    assertThat(snapshots.getLong("results[0].schedule_id")).isEqualTo(id);
    assertThat(snapshots.getMap("results[0].labels")).isEqualTo(Map.of("env", "prod"));

    JsonPath runs = send("GET", "/api/v1/schedules/" + id + "/runs/", null, 200);
    assertThat(runs.getInt("count")).isEqualTo(1);
    assertThat(runs.getString("results[0].outcome")).isEqualTo("succeeded");
    assertThat(runs.getLong("results[0].snapshot_id"))
        .isEqualTo(snapshots.getLong("results[0].id"));

    List<ConsumerRecord<String, String>> records =
        EventStream.ofServer(server, "SnapshotCreated", "ScheduleRunSucceeded");
    assertThat(JsonPath.from(records.get(0).value()).getString("trigger")).isEqualTo("schedule");
    assertThat(JsonPath.from(records.get(1).value()).getLong("schedule_id")).isEqualTo(id);
    assertThat(EventStream.header(records.get(1), "ce_subject")).isEqualTo("schedules/" + id);
  }

  @Test
  void aRunWithTheServerFullOfManualSnapshotsIsSkippedWithItsReason() {
    for (int i = 0; i < 5; i++) {
      customer.createSnapshot(server, "manual-" + i);
      QuarkusTransaction.requiringNew()
          .run(
              () ->
                  entityManager
                      .createNativeQuery(
                          "update snapshots set status = 'completed', progress = 100,"
                              + " size_mb = 1, finished_at = now() where server_id = ?1")
                      .setParameter(1, server)
                      .executeUpdate());
    }
    long id = nightly(2);
    makeDue(id);

    assertThat(fireSchedules.execute()).isEqualTo(1);

    JsonPath run = send("GET", "/api/v1/schedules/" + id + "/runs/", null, 200);
    assertThat(run.getString("results[0].outcome")).isEqualTo("skipped");
    assertThat(run.getString("results[0].reason")).isEqualTo("snapshot_limit_reached");
    assertThat(run.getString("results[0].snapshot_id")).isNull();
  }

  /** Moves the schedule's next run into the past, as if its tick had come; answers the tick. */
  Instant makeDue(long schedule) {
    Instant tick =
        Instant.now()
            .atZone(ZoneOffset.UTC)
            .withHour(3)
            .withMinute(0)
            .withSecond(0)
            .withNano(0)
            .toInstant();
    Instant due = tick.isAfter(Instant.now()) ? tick.minus(java.time.Duration.ofDays(1)) : tick;
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery("update schedules set next_run_at = ?1 where id = ?2")
                    .setParameter(1, java.sql.Timestamp.from(due))
                    .setParameter(2, schedule)
                    .executeUpdate());
    return due;
  }
}
