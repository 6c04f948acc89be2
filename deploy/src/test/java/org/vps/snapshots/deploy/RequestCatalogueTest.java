package org.vps.snapshots.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vps.snapshots.persistence.PostgresResource;

/** Bad input of every kind gets a clear 4xx problem answer; none gets a 500 or leaks internals. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class RequestCatalogueTest {
  Platform.Customer customer;
  long server;

  @BeforeEach
  void setUp() {
    customer = Platform.Customer.create();
    server = customer.server("running");
  }

  static void assertCleanProblem(Response response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    String body = response.asString();
    assertThat(body)
        .doesNotContain("Exception", "org.", "java.", "SQL", "select ", "hibernate", "\tat ");
    assertThat(response.jsonPath().getString("request_id"))
        .isEqualTo(response.header("X-Request-Id"));
    assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
    assertThat(response.jsonPath().getString("code")).isNotBlank();
    assertThat(response.jsonPath().getString("type")).isNotBlank();
    assertThat(response.jsonPath().getString("title")).isNotBlank();
  }

  static Stream<Arguments> badCreateBodies() {
    return Stream.of(
        Arguments.of("{\"server_id\": 1,", "malformed_json", null),
        Arguments.of("[1, 2]", "invalid_body", null),
        Arguments.of("\"text\"", "invalid_body", null),
        Arguments.of("42", "invalid_body", null),
        Arguments.of("null", "invalid_body", null),
        Arguments.of("{} {}", "malformed_json", null),
        Arguments.of("{\"server_id\": \"SERVER\", \"name\": \"a\"}", "invalid", "server_id"),
        Arguments.of("{\"server_id\": 1.5, \"name\": \"a\"}", "invalid", "server_id"),
        Arguments.of("{\"server_id\": 1e3, \"name\": \"a\"}", "invalid", "server_id"),
        Arguments.of(
            "{\"server_id\": 123456789012345678901234567890, \"name\": \"a\"}",
            "invalid",
            "server_id"),
        Arguments.of("{\"server_id\": -5, \"name\": \"a\"}", "invalid", "server_id"),
        Arguments.of("{\"server_id\": 0, \"name\": \"a\"}", "invalid", "server_id"),
        Arguments.of("{\"server_id\": null, \"name\": \"a\"}", "invalid", "server_id"),
        Arguments.of("{\"server_id\": true, \"name\": \"a\"}", "invalid", "server_id"),
        Arguments.of("{\"server_id\": {}, \"name\": \"a\"}", "invalid", "server_id"),
        Arguments.of("{\"server_id\": SERVER}", "invalid", "name"),
        Arguments.of("{\"server_id\": SERVER, \"name\": \"\"}", "invalid", "name"),
        Arguments.of("{\"server_id\": SERVER, \"name\": \"has space\"}", "invalid", "name"),
        Arguments.of("{\"server_id\": SERVER, \"name\": \"dots.not.allowed\"}", "invalid", "name"),
        Arguments.of(
            "{\"server_id\": SERVER, \"name\": \"" + "n".repeat(65) + "\"}", "invalid", "name"),
        Arguments.of("{\"server_id\": SERVER, \"name\": 42}", "invalid", "name"),
        Arguments.of("{\"server_id\": SERVER, \"name\": [\"a\"]}", "invalid", "name"),
        Arguments.of(
            "{\"server_id\": SERVER, \"name\": \"a\", \"description\": \""
                + "d".repeat(501)
                + "\"}",
            "invalid",
            "description"),
        Arguments.of(
            "{\"server_id\": SERVER, \"name\": \"a\", \"description\": 7}",
            "invalid",
            "description"),
        Arguments.of(
            "{\"server_id\": SERVER, \"name\": \"a\", \"description\": \"a\\u0000b\"}",
            "invalid",
            "description"),
        Arguments.of(
            "{\"server_id\": SERVER, \"name\": \"a\", \"x\": "
                + "[".repeat(1500)
                + "]".repeat(1500)
                + "}",
            "malformed_json",
            null),
        Arguments.of(
            "{\"server_id\": " + "9".repeat(1200) + ", \"name\": \"a\"}", "malformed_json", null),
        Arguments.of("{\"" + "k".repeat(1000) + "\": 1}", "malformed_json", null));
  }

  @ParameterizedTest
  @MethodSource("badCreateBodies")
  void aBadCreateBodyIsA400NamingTheField(String body, String code, String field) {
    Response response =
        customer
            .call()
            .body(body.replace("SERVER", Long.toString(server)))
            .post("/api/v1/snapshots/");

    assertCleanProblem(response, 400);
    assertThat(response.jsonPath().getString("code")).isEqualTo(code);
    if (field != null) {
      assertThat(response.jsonPath().getList("errors." + field)).isNotEmpty();
    }
  }

  @Test
  void everyFieldErrorIsReportedAtOnceInDrfStyle() {
    Response response = customer.call().body("{\"description\": 5}").post("/api/v1/snapshots/");

    assertCleanProblem(response, 400);
    assertThat(response.jsonPath().getList("errors.server_id"))
        .containsExactly("This field is required.");
    assertThat(response.jsonPath().getList("errors.name"))
        .containsExactly("This field is required.");
    assertThat(response.jsonPath().getList("errors.description"))
        .containsExactly("Not a valid string.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void aMissingCreateBodyIsA400(String body) {
    assertCleanProblem(customer.call().body(body).post("/api/v1/snapshots/"), 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
  void aBodyThatIsNotJsonByItsContentTypeIsA400(String contentType) {
    Response response =
        given()
            .header("Authorization", "Bearer " + customer.token())
            .contentType(contentType)
            .body("{\"server_id\": " + server + ", \"name\": \"a\"}")
            .post("/api/v1/snapshots/");

    assertCleanProblem(response, 400);
    assertThat(response.jsonPath().getString("code")).isEqualTo("unsupported_media_type");
  }

  @Test
  void unknownFieldsAreIgnoredAndAMissingDescriptionIsEmpty() {
    customer
        .call()
        .body("{\"server_id\": " + server + ", \"name\": \"ok\", \"colour\": \"blue\"}")
        .post("/api/v1/snapshots")
        .then()
        .statusCode(201)
        .body("description", equalTo(""))
        .body("progress", equalTo(0));
  }

  @Test
  void aServerThatDoesNotExistIsA404() {
    Response response =
        customer
            .call()
            .body("{\"server_id\": 424242424242, \"name\": \"a\"}")
            .post("/api/v1/snapshots/");

    assertCleanProblem(response, 404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "server_id=abc",
        "server_id=-1",
        "server_id=1.5",
        "server_id=99999999999999999999999",
        "page=0",
        "page=-3",
        "page=abc",
        "page=99999999999999999999",
        "page_size=0",
        "page_size=101",
        "page_size=ten",
        "status=done",
        "status=COMPLETED"
      })
  void aMalformedQueryValueIsA400(String query) {
    Response response = customer.call().get("/api/v1/snapshots/?" + query);

    assertCleanProblem(response, 400);
    assertThat(response.jsonPath().getMap("errors")).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/snapshots/abc/",
        "/api/v1/snapshots/0/",
        "/api/v1/snapshots/-1/",
        "/api/v1/snapshots/99999999999999999999999/",
        "/api/v1/snapshots/1.5",
        "/api/v1/snapshots/424242424242/",
        "/api/v1/servers/abc/",
        "/api/v1/servers/424242424242",
        "/api/v1/nothing-here/"
      })
  void anIdThatNamesNothingIsA404(String path) {
    assertCleanProblem(customer.call().get(path), 404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/snapshots/abc/restore/",
        "/api/v1/snapshots/99999999999999999999999/restore",
        "/api/v1/snapshots/424242424242/restore/"
      })
  void restoringWhatDoesNotExistIsA404(String path) {
    assertCleanProblem(customer.call().post(path), 404);
  }

  @Test
  void deletingWhatDoesNotExistIsA404() {
    assertCleanProblem(customer.call().delete("/api/v1/snapshots/abc/"), 404);
    assertCleanProblem(customer.call().delete("/api/v1/snapshots/424242424242/"), 404);
  }

  @Test
  void aMethodTheRouteDoesNotTakeIsA405() {
    assertCleanProblem(customer.call().body("{}").put("/api/v1/snapshots/"), 405);
  }

  @Test
  void aMalformedRestoreBodyIsA400ButAnEmptyOneIsFine() {
    long snapshot = customer.createSnapshot(server, "s");

    assertCleanProblem(
        customer.call().body("{oops").post("/api/v1/snapshots/" + snapshot + "/restore/"), 400);
  }

  @Test
  void everyResponseCarriesARequestIdAndEchoesAGivenOne() {
    customer
        .call()
        .header("X-Request-Id", "trace-abc-123")
        .get("/api/v1/snapshots/")
        .then()
        .statusCode(200)
        .header("X-Request-Id", "trace-abc-123");
    customer.call().get("/api/v1/snapshots/").then().header("X-Request-Id", notNullValue());
    given().get("/no/such/route").then().statusCode(404).header("X-Request-Id", notNullValue());
    Response refused =
        customer.call().header("X-Request-Id", "bad id with spaces\n").get("/api/v1/snapshots/x");
    assertThat(refused.header("X-Request-Id")).matches("[0-9a-f-]{36}");
  }

  @Test
  void routesAnswerWithAndWithoutTheTrailingSlash() {
    long snapshot = customer.createSnapshot(server, "slash");

    for (String path :
        new String[] {
          "/api/v1/snapshots",
          "/api/v1/snapshots/",
          "/api/v1/snapshots/" + snapshot,
          "/api/v1/snapshots/" + snapshot + "/",
          "/api/v1/servers",
          "/api/v1/servers/",
          "/api/v1/servers/" + server,
          "/api/v1/servers/" + server + "/"
        }) {
      customer.call().redirects().follow(false).get(path).then().statusCode(200);
    }
    customer
        .call()
        .get("/api/v1/servers/")
        .then()
        .body("results.id", hasItem(server))
        .body("count", equalTo(1));
  }
}
