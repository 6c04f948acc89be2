package org.vps.snapshots.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;
import org.vps.snapshots.rest.AdminResource;
import org.vps.snapshots.rest.ServersResource;
import org.vps.snapshots.rest.SnapshotsResource;
import org.vps.snapshots.rest.WebhooksResource;
import org.yaml.snakeyaml.Yaml;

/** Health, metrics and the API document, as operators and client developers reach them. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class ObservabilityTest {

  @Test
  void theProbesAnswerAndReadinessCoversWhatServingNeedsTheDatabaseOnly() {
    for (String path : DeploymentManifestsTest.HEALTH_PATHS) {
      Management.given().get(path).then().statusCode(200);
      // The customers' listener serves none of it.
      given().get(path).then().statusCode(404).contentType("application/problem+json");
    }
    Management.given()
        .get("/q/health/ready")
        .then()
        .body("checks.name", hasItem("Database connections health check"))
        .body("checks.name", not(hasItem("outbox")))
        .body(not(containsString("snapshot-events")))
        .body(not(containsString("operation-work")));
  }

  @Test
  void metricsShowRoutesOutboxAndEvents() {
    Platform.Customer customer = Platform.Customer.create();
    customer.createSnapshot(customer.server("running"), "measured");

    String metrics =
        Management.given().get("/q/metrics").then().statusCode(200).extract().asString();

    assertThat(metrics)
        .contains("http_server_requests_seconds_count{method=\"POST\"")
        .contains("uri=\"/api/v1/snapshots\"")
        .contains("snapshots_outbox_backlog")
        .contains("snapshots_outbox_oldest_age_seconds");
    org.awaitility.Awaitility.await()
        .until(
            () ->
                Management.given()
                    .get("/q/metrics")
                    .asString()
                    .contains("snapshots_events_published_total{type=\"SnapshotCreated\"}"));
  }

  @Test
  void theApiDocumentDescribesEveryRouteTheServiceServes() {
    String document =
        Management.given().get("/q/openapi").then().statusCode(200).extract().asString();
    Map<String, Object> openapi = new Yaml().load(document);
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> paths =
        (Map<String, Map<String, Object>>) openapi.get("paths");
    Set<String> documented = new HashSet<>();
    paths.forEach(
        (path, operations) ->
            operations
                .keySet()
                .forEach(method -> documented.add(method.toUpperCase() + " " + normalize(path))));

    Set<String> served = new HashSet<>();
    for (Class<?> resource :
        List.of(
            SnapshotsResource.class,
            ServersResource.class,
            AdminResource.class,
            WebhooksResource.class)) {
      String root = resource.getAnnotation(Path.class).value();
      for (Method method : resource.getDeclaredMethods()) {
        String verb = verb(method);
        if (verb != null) {
          Path sub = method.getAnnotation(Path.class);
          served.add(verb + " " + normalize(root + (sub == null ? "" : "/" + sub.value())));
        }
      }
    }

    assertThat(served).hasSizeGreaterThan(10);
    assertThat(documented).containsAll(served);
    // Every answer a generated client can meet is declared, so that it can read each of them.
    paths.forEach(
        (path, operations) ->
            operations.forEach(
                (method, operation) -> {
                  if (operation instanceof Map<?, ?> declared
                      && declared.get("responses") != null) {
                    Set<Object> statuses =
                        new HashSet<>(((Map<?, ?>) declared.get("responses")).keySet());
                    assertThat(statuses)
                        .as("%s %s", method, path)
                        .contains("401", "405", "406", "500", "503");
                    if (path.startsWith("/api/")) {
                      assertThat(statuses).as("%s %s", method, path).contains("429");
                    }
                  }
                }));
    Management.given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    given().get("/q/openapi").then().statusCode(404);
    given().get("/q/metrics").then().statusCode(404);
  }

  @Test
  void theApiDocumentIsServedAsWrittenAndAsJsonOnRequest() throws Exception {
    String written;
    try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/openapi.yaml")) {
      written = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Management.given()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .contentType("application/yaml")
        .body(org.hamcrest.Matchers.equalTo(written));
    Object document = new Yaml().load(written);
    for (var asked :
        List.of(
            Management.given().queryParam("format", "JSON"),
            Management.given().accept("application/json"))) {
      String json =
          asked
              .get("/q/openapi")
              .then()
              .statusCode(200)
              .contentType("application/json")
              .extract()
              .asString();
      assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Object.class))
          .isEqualTo(document);
    }
    Management.given()
        .queryParam("format", "yaml")
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .contentType("application/yaml");
  }

  /** A path with its parameters unnamed and no trailing slash, so that both spellings compare. */
  static String normalize(String path) {
    return path.replaceAll("\\{[^}]+}", "{}").replaceAll("/+", "/").replaceAll("/$", "");
  }

  static String verb(Method method) {
    if (method.isAnnotationPresent(GET.class)) {
      return "GET";
    }
    if (method.isAnnotationPresent(POST.class)) {
      return "POST";
    }
    if (method.isAnnotationPresent(DELETE.class)) {
      return "DELETE";
    }
    if (method.isAnnotationPresent(PATCH.class)) {
      return "PATCH";
    }
    return null;
  }
}
