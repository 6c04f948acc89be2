package org.vps.snapshots.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;

/** Requests that once reached a 500, held another account's lock, or were refused for no reason. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class HardeningTest {
  @Inject EntityManager entityManager;

  @TestHTTPResource("/api/v1/snapshots/")
  URI snapshots;

  @Test
  void aBodyLargerThanAnyRequestNeedsIsRefusedWith413BeforeItIsRead() {
    Platform.Customer customer = Platform.Customer.create();
    String huge = "{\"x\": [" + "{},".repeat(200_000) + "{}]}";

    Response response = customer.call().body(huge).post("/api/v1/snapshots/");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.jsonPath().getString("code")).isEqualTo("request_too_large");
    assertThat(response.jsonPath().getString("request_id"))
        .isEqualTo(response.header("X-Request-Id"));
  }

  @Test
  void aStreamedBodyThatGrowsPastTheLimitIsRefusedWith413() throws Exception {
    Platform.Customer customer = Platform.Customer.create();
    String huge = "{\"x\": [" + "{},".repeat(10_000) + "{}]}";

    HttpResponse<String> response = postStreamed(customer, huge);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body()).contains("\"request_too_large\"");
  }

  @Test
  void aStreamedBodyWithinTheLimitIsReadWhole() throws Exception {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    String description = "d".repeat(400);

    HttpResponse<String> response =
        postStreamed(
            customer,
            "{\"server_id\": "
                + server
                + ", \"name\": \"streamed\", \"description\": \""
                + description
                + "\"}");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).contains("\"description\":\"" + description + "\"");
  }

  /**
   * A client that upgrades to HTTP/2 (as Java's own does) is served as over HTTP/1.1: reading its
   * body before routing once made every such write a 500.
   */
  @Test
  void aCreateOverHttp2IsServed() throws Exception {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpRequest list =
        HttpRequest.newBuilder(snapshots)
            .header("Authorization", "Bearer " + customer.token())
            .GET()
            .build();
    HttpRequest create =
        HttpRequest.newBuilder(snapshots)
            .header("Authorization", "Bearer " + customer.token())
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"server_id\": " + server + ", \"name\": \"over-h2\"}"))
            .build();

    HttpResponse<String> listed = http.send(list, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> created = http.send(create, HttpResponse.BodyHandlers.ofString());

    assertThat(listed.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(created.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("\"name\":\"over-h2\"");
  }

  /** Posts {@code body} without announcing its length: the client streams it in chunks. */
  private HttpResponse<String> postStreamed(Platform.Customer customer, String body)
      throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(snapshots)
            .version(HttpClient.Version.HTTP_1_1)
            .header("Authorization", "Bearer " + customer.token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPageFarBeyondAnyListingIsA400NotAnOverflow() {
    Platform.Customer customer = Platform.Customer.create();

    for (String page : List.of("21474838", "2147483647", "99999999999")) {
      Response response = customer.call().get("/api/v1/servers/?page=" + page + "&page_size=100");
      RequestCatalogueTest.assertCleanProblem(response, 400);
      assertThat(response.jsonPath().getList("errors.page")).isNotEmpty();
    }
    customer
        .call()
        .get("/api/v1/servers/?page=1000000&page_size=100")
        .then()
        .statusCode(200)
        .body("results", org.hamcrest.Matchers.empty());
  }

  @Test
  void aServerNameWithAControlCharacterIsAFieldError() {
    long account = Platform.account("control");
    Response response =
        Platform.admin()
            .body(
                "{\"id\": 4242424, \"account_id\": "
                    + account
                    + ", \"name\": \"web\\u0000\", \"status\": \"running\"}")
            .post("/admin/v1/servers");

    RequestCatalogueTest.assertCleanProblem(response, 400);
    assertThat(response.jsonPath().getList("errors.name")).isNotEmpty();
  }

  @Test
  void registeringAServerWhileAnotherRegistrationOfItsIdCommitsIsA409NotAKeyViolation()
      throws Exception {
    long account = Platform.account("race");
    long id = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000_000L);
    OpenTransaction first =
        OpenTransaction.holding(
            () ->
                entityManager
                    .createNativeQuery(
                        "insert into servers (id, account_id, name, status)"
                            + " values (?1, ?2, 'first', 'running')")
                    .setParameter(1, id)
                    .setParameter(2, account)
                    .executeUpdate());
    try {
      CompletableFuture<Response> second =
          CompletableFuture.supplyAsync(
              () ->
                  Platform.admin()
                      .body(
                          "{\"id\": "
                              + id
                              + ", \"account_id\": "
                              + account
                              + ", \"name\": \"twin\"}")
                      .post("/admin/v1/servers"));
      // The second registration waits on the first one's row; then the first commits.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> waitingForALock() || second.isDone());
      first.commit();

      Response answer = second.get(10, TimeUnit.SECONDS);
      RequestCatalogueTest.assertCleanProblem(answer, 409);
      assertThat(answer.jsonPath().getString("code")).isEqualTo("already_exists");
    } finally {
      first.commit();
    }
  }

  @Test
  void behindATrustedProxyTheLinksCarryThePublicSchemeAndHost() {
    Platform.Customer customer = Platform.Customer.create();
    customer.server("running");

    String previous =
        customer
            .call()
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Host", "api.vps.example")
            .get("/api/v1/servers/?page_size=1&page=2")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("previous");

    assertThat(previous).startsWith("https://api.vps.example/api/v1/servers/");
  }

  private boolean waitingForALock() {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                            entityManager
                                .createNativeQuery(
                                    "select count(*) from pg_locks where not granted")
                                .getSingleResult())
                        .longValue()
                    > 0);
  }

  @Test
  void anotherAccountsServerIsNeitherLockedNorWaitedFor() throws Exception {
    Platform.Customer owner = Platform.Customer.create();
    long server = owner.server("running");
    Platform.Customer stranger = Platform.Customer.create();
    OpenTransaction ownersChange =
        OpenTransaction.holding(
            () ->
                entityManager
                    .createNativeQuery("select id from servers where id = ?1 for update")
                    .setParameter(1, server)
                    .getResultList());
    try {
      CompletableFuture<Response> refused =
          CompletableFuture.supplyAsync(
              () ->
                  stranger
                      .call()
                      .body(Map.of("server_id", server, "name", "not-mine"))
                      .post("/api/v1/snapshots/"));

      assertThat(refused).succeedsWithin(Duration.ofSeconds(3));
      assertThat(refused.get().statusCode()).isEqualTo(404);
    } finally {
      ownersChange.commit();
    }
  }

  @Test
  void theSameRequestWithItsFieldsInAnotherOrderIsARetryNotAnotherRequest() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    String key = "reordered-" + System.nanoTime();

    customer
        .call()
        .header("Idempotency-Key", key)
        .body("{\"server_id\": " + server + ", \"name\": \"once\", \"description\": \"x\"}")
        .post("/api/v1/snapshots/")
        .then()
        .statusCode(201);
    customer
        .call()
        .header("Idempotency-Key", key)
        .body(
            "{ \"description\": \"x\",\n \"name\": \"once\", \"server_id\": "
                + server
                + ", \"ignored\": true }")
        .post("/api/v1/snapshots/")
        .then()
        .statusCode(201)
        .header("Idempotent-Replayed", "true");
  }

  @Test
  void clientsThatAcceptOnlyProblemDetailsAreAnsweredAllTheSame() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    long snapshot = customer.createSnapshot(server, "generated-client");

    given()
        .header("Authorization", "Bearer " + customer.token())
        .accept("application/problem+json")
        .get("/api/v1/snapshots/" + snapshot + "/")
        .then()
        .statusCode(200)
        .body("id", equalTo((int) snapshot));
    given()
        .header("Authorization", "Bearer " + customer.token())
        .accept("application/problem+json")
        .get("/api/v1/snapshots/424242424/")
        .then()
        .statusCode(404)
        .body("code", equalTo("not_found"));
    given()
        .header("Authorization", "Bearer " + customer.token())
        .accept("application/problem+json")
        .delete("/api/v1/snapshots/" + snapshot + "/")
        .then()
        .statusCode(400)
        .body("code", equalTo("snapshot_busy"));
  }

  /** A transaction that did its work and stays open, holding its locks, until it is committed. */
  record OpenTransaction(CountDownLatch release, CompletableFuture<Void> done) {
    static OpenTransaction holding(Runnable work) {
      CountDownLatch worked = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> done =
          CompletableFuture.runAsync(
              () ->
                  QuarkusTransaction.requiringNew()
                      .run(
                          () -> {
                            work.run();
                            worked.countDown();
                            await(release);
                          }));
      await(worked);
      return new OpenTransaction(release, done);
    }

    void commit() {
      release.countDown();
      done.join();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
