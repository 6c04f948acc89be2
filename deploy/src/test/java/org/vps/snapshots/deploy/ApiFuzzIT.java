package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.vps.snapshots.persistence.PostgresResource;

/**
 * Generated requests at every route of the packaged service, with valid, wrong and missing tokens,
 * odd ids, query strings, headers and JSON documents valid and not: never a 5xx, every refusal a
 * problem with a code, and afterwards the service answers as before within a bounded heap. The
 * number of cases is {@code jqwik.tries.default}: 2500, or what the command line gives ({@code
 * -Djqwik.tries.default=50000}).
 */
class ApiFuzzIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PostgresResource POSTGRES = new PostgresResource();
  private static final KafkaResource KAFKA = new KafkaResource();
  private static PackagedApp app;
  private static String writeToken;
  private static String readToken;
  private static long server;
  private static long snapshot;

  /** The routes the service serves, with {id} where an identifier goes. */
  private static final List<String[]> ROUTES =
      List.of(
          new String[] {"GET", "/api/v1/snapshots/"},
          new String[] {"POST", "/api/v1/snapshots/"},
          new String[] {"GET", "/api/v1/snapshots/{id}/"},
          new String[] {"PATCH", "/api/v1/snapshots/{id}/"},
          new String[] {"DELETE", "/api/v1/snapshots/{id}/"},
          new String[] {"POST", "/api/v1/snapshots/{id}/restore/"},
          new String[] {"GET", "/api/v1/schedules/"},
          new String[] {"POST", "/api/v1/schedules/"},
          new String[] {"GET", "/api/v1/schedules/{id}/"},
          new String[] {"PATCH", "/api/v1/schedules/{id}/"},
          new String[] {"DELETE", "/api/v1/schedules/{id}/"},
          new String[] {"GET", "/api/v1/schedules/{id}/runs/"},
          new String[] {"GET", "/api/v1/operations/"},
          new String[] {"GET", "/api/v1/operations/{id}/"},
          new String[] {"GET", "/api/v1/servers/"},
          new String[] {"GET", "/api/v1/servers/{id}/"},
          new String[] {"POST", "/admin/v1/accounts"},
          new String[] {"POST", "/admin/v1/accounts/{id}/tokens"},
          new String[] {"DELETE", "/admin/v1/tokens/{id}"},
          new String[] {"GET", "/admin/v1/outbox/quarantine"},
          new String[] {"POST", "/admin/v1/outbox/quarantine/{id}/requeue"},
          new String[] {"DELETE", "/admin/v1/outbox/quarantine/{id}"},
          new String[] {"POST", "/admin/v1/servers"},
          new String[] {"PATCH", "/admin/v1/servers/{id}"},
          new String[] {"DELETE", "/admin/v1/servers/{id}"},
          new String[] {"GET", "/api/v1/nothing-here/"});

  private static final List<String> FIELDS =
      List.of(
          "server_id",
          "name",
          "description",
          "status",
          "id",
          "account_id",
          "scope",
          "page",
          "page_size",
          "snapshot_id",
          "kind",
          "state",
          "delete",
          "labels",
          "name_prefix",
          "every",
          "at",
          "weekday",
          "keep",
          "enabled",
          "protection",
          "label_selector");

  @BeforeContainer
  static void start() throws Exception {
    Map<String, String> postgres = POSTGRES.start();
    String kafka = KAFKA.start().get("kafka.bootstrap.servers");
    app = PackagedApp.start("fuzz", PackagedApp.environmentFor(postgres, kafka)).awaitReady();
    long account =
        JsonPath.from(PackagedAppIT.adminPost(app, "/admin/v1/accounts", "{\"name\":\"fuzz\"}"))
            .getLong("id");
    writeToken = token(account, "write");
    readToken = token(account, "read");
    server = 12_345_678;
    PackagedAppIT.adminPost(
        app,
        "/admin/v1/servers",
        "{\"id\":"
            + server
            + ",\"account_id\":"
            + account
            + ",\"name\":\"f\",\"status\":\"running\"}");
    new PackagedAppIT.Customer(account, writeToken, server).createSnapshot(app, "fuzz-target");
    snapshot =
        JsonPath.from(app.get("/api/v1/snapshots/?server_id=" + server, writeToken).body())
            .getLong("results[0].id");
  }

  private static String token(long account, String scope) throws Exception {
    return JsonPath.from(
            PackagedAppIT.adminPost(
                app, "/admin/v1/accounts/" + account + "/tokens", "{\"scope\":\"" + scope + "\"}"))
        .getString("token");
  }

  @AfterContainer
  static void stop() throws Exception {
    try {
      assertThat(app.isAlive()).as("the service survived the fuzzing").isTrue();
      // The fuzzing may have revoked its own tokens or deleted its server: a new customer checks.
      PackagedAppIT.Customer after = PackagedAppIT.Customer.on(app, "after-fuzzing");
      long created = after.createSnapshot(app, "after-fuzzing");
      HttpResponse<String> list =
          app.get("/api/v1/snapshots/?server_id=" + after.server(), after.token());
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(JsonPath.from(list.body()).getList("results.id", Long.class)).contains(created);
      String metrics = app.get("/q/metrics", null).body();
      assertThat(heapUsed(metrics))
          .as("heap in use after the fuzzing")
          .isLessThan(heapMax(metrics));
      assertThat(heapUsed(metrics)).isLessThan(0.9 * 256 * 1024 * 1024);
    } finally {
      app.close();
      KAFKA.stop();
      POSTGRES.stop();
    }
  }

  @Property(shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
  void noRequestGetsA5xxAndEveryRefusalIsAProblemWithACode(@ForAll("calls") Call call)
      throws Exception {
    HttpResponse<String> answer =
        app.request(call.method(), call.target(), call.headers(), call.body());

    assertThat(answer.statusCode()).as("%s", call).isBetween(200, 499);
    if (answer.statusCode() >= 400 && !call.method().equals("HEAD")) {
      assertThat(answer.headers().firstValue("Content-Type").orElse(""))
          .as("%s", call)
          .startsWith("application/problem+json");
      assertThat(JsonPath.from(answer.body()).getString("code")).as("%s", call).isNotBlank();
    }
  }

  /** One generated request. */
  record Call(String method, String target, Map<String, String> headers, String body) {}

  @Provide
  Arbitrary<Call> calls() {
    Arbitrary<String[]> route = Arbitraries.of(ROUTES);
    Arbitrary<String> otherMethod =
        Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    return Combinators.combine(
            route,
            Arbitraries.integers().between(0, 9),
            otherMethod,
            ids(),
            queries(),
            headers(),
            bodies())
        .as(
            (r, pick, other, id, query, headers, body) ->
                new Call(
                    pick == 0 ? other : r[0], r[1].replace("{id}", id) + query, headers, body));
  }

  private Arbitrary<String> ids() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            Long.toString(server),
            Long.toString(snapshot),
            "0",
            "-1",
            Long.toString(Long.MAX_VALUE),
            "9".repeat(40),
            "1.5",
            "%00",
            "%20",
            "abc",
            "..%2F..",
            "%E2%82%AC"),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.strings().ofMaxLength(30).map(ApiFuzzIT::encode));
  }

  private Arbitrary<String> queries() {
    Arbitrary<String> key =
        Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(12));
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.of(
                "1",
                "0",
                "-5",
                "100",
                "101",
                "21474838",
                "9".repeat(25),
                "",
                "running",
                "completed",
                "in_progress",
                "failed",
                "restore",
                "env=prod",
                "env!=prod,!tier",
                "example.com/x==1,y",
                "=,!",
                "a=b=c",
                "daily",
                "weekly",
                "03:00",
                "24:00",
                "sunday"),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.strings().ofMaxLength(20));
    return Combinators.combine(key, value)
        .as((k, v) -> encode(k) + "=" + encode(v))
        .list()
        .ofMaxSize(4)
        .map(pairs -> pairs.isEmpty() ? "" : "?" + String.join("&", pairs));
  }

  private Arbitrary<Map<String, String>> headers() {
    Arbitrary<String> authorization =
        Arbitraries.frequencyOf(
            Tuple.of(10, Arbitraries.just("Bearer ${write}")),
            Tuple.of(3, Arbitraries.just("Bearer ${read}")),
            Tuple.of(3, Arbitraries.just("Bearer " + Platform.ADMIN_TOKEN)),
            Tuple.of(2, Arbitraries.of("Bearer ", "Basic dXNlcjpwYXNz", "bearer snp_unknown", "")),
            Tuple.of(
                2,
                Arbitraries.strings().ascii().ofMaxLength(80).map(s -> "Bearer " + printable(s))));
    Arbitrary<String> contentType =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of("application/json", "application/json; charset=utf-8")),
            Tuple.of(
                2,
                Arbitraries.of(
                    "application/merge-patch+json",
                    "text/plain",
                    "application/xml",
                    "multipart/form-data; boundary=x",
                    "")));
    Arbitrary<String> accept =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of("application/json", "application/problem+json", "*/*", "")),
            Tuple.of(1, Arbitraries.of("text/html", "image/png")));
    Arbitrary<String> idempotencyKey =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.strings().ascii().ofMaxLength(300).map(ApiFuzzIT::printable));
    return Combinators.combine(authorization, contentType, accept, idempotencyKey)
        .as(
            (auth, type, acc, key) -> {
              Map<String, String> headers = new LinkedHashMap<>();
              String token = auth.replace("${write}", writeToken).replace("${read}", readToken);
              put(headers, "Authorization", token);
              put(headers, "Content-Type", type);
              put(headers, "Accept", acc);
              put(headers, "Idempotency-Key", key);
              return headers;
            });
  }

  private Arbitrary<String> bodies() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, objects(3).map(ApiFuzzIT::write)),
        Tuple.of(2, Arbitraries.strings().ofMaxLength(200)),
        Tuple.of(
            1,
            Arbitraries.of(
                "",
                "[".repeat(2000),
                "{\"server_id\":" + "9".repeat(1500) + "}",
                "{\"" + "k".repeat(5000) + "\":1}",
                "{\"name\":\"a\u0000b\",\"server_id\":1}",
                "null",
                "{\"server_id\":12345,\"name\":\"x\",\"server_id\":12345}")),
        Tuple.of(1, Arbitraries.just(null)));
  }

  private Arbitrary<Map<String, Object>> objects(int depth) {
    Arbitrary<String> key =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.of(FIELDS)),
            Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
    return Arbitraries.maps(key, values(depth)).ofMaxSize(5);
  }

  private Arbitrary<Object> values(int depth) {
    List<Arbitrary<?>> choices = new ArrayList<>();
    choices.add(Arbitraries.longs().map(Object.class::cast));
    choices.add(
        Arbitraries.of(0L, 1L, -1L, server, snapshot, Long.MAX_VALUE).map(Object.class::cast));
    choices.add(Arbitraries.doubles().map(Object.class::cast));
    choices.add(Arbitraries.strings().ofMaxLength(300).map(Object.class::cast));
    choices.add(
        Arbitraries.of("running", "stopped", "read", "write", "n", "").map(Object.class::cast));
    choices.add(Arbitraries.of(true, false).map(Object.class::cast));
    choices.add(Arbitraries.just(null));
    if (depth > 0) {
      choices.add(objects(depth - 1).map(Object.class::cast));
      choices.add(values(depth - 1).list().ofMaxSize(4).map(Object.class::cast));
    }
    @SuppressWarnings("unchecked")
    Arbitrary<Object>[] all = choices.toArray(Arbitrary[]::new);
    return Arbitraries.oneOf(List.of(all));
  }

  private static void put(Map<String, String> headers, String name, String value) {
    if (!value.isEmpty()) {
      headers.put(name, value);
    }
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** What an HTTP header may carry: visible ASCII and spaces. */
  private static String printable(String value) {
    return value.replaceAll("[^\\x20-\\x7E]", "").trim();
  }

  private static double heapUsed(String metrics) {
    return sum(metrics, "jvm_memory_used_bytes");
  }

  private static double heapMax(String metrics) {
    return sum(metrics, "jvm_memory_max_bytes");
  }

  /** The sum of a JVM memory metric over the heap's pools. */
  private static double sum(String metrics, String name) {
    Matcher lines =
        Pattern.compile("^" + name + "\\{area=\"heap\"[^}]*} ([0-9.E+-]+)$", Pattern.MULTILINE)
            .matcher(metrics);
    double total = 0;
    boolean found = false;
    while (lines.find()) {
      double value = Double.parseDouble(lines.group(1));
      if (value > 0) {
        total += value;
      }
      found = true;
    }
    assertThat(found).as("%s in the metrics", name).isTrue();
    return total;
  }
}
