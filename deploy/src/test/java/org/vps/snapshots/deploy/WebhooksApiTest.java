package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;

/** The webhook routes over HTTP with production's guard on: who may do what, and every refusal. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class WebhooksApiTest {
  static final Map<String, Object> ENDPOINT =
      Map.of(
          "url", "https://hooks.example.com/snapshots",
          "events", List.of("SnapshotCompleted", "SnapshotFailed"),
          "description", "ops channel");

  static JsonPath create(Platform.Customer customer) {
    return customer
        .call()
        .body(ENDPOINT)
        .post("/api/v1/webhooks/")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  @Test
  void theSecretIsShownOnceAndRotatingItKeepsTheOldOneForAGracePeriod() {
    Platform.Customer customer = Platform.Customer.create();
    JsonPath created = create(customer);
    long id = created.getLong("id");
    assertThat(created.getString("secret")).startsWith("whsec_");
    assertThat(created.getList("events"))
        .containsExactlyInAnyOrder("SnapshotCompleted", "SnapshotFailed");
    assertThat(created.getBoolean("enabled")).isTrue();
    assertThat(created.getString("description")).isEqualTo("ops channel");

    customer
        .call()
        .get("/api/v1/webhooks/" + id + "/")
        .then()
        .statusCode(200)
        .body("$", not(hasKey("secret")))
        .body("url", equalTo("https://hooks.example.com/snapshots"));
    customer
        .call()
        .get("/api/v1/webhooks/")
        .then()
        .statusCode(200)
        .body("count", equalTo(1))
        .body("results[0]", not(hasKey("secret")));

    JsonPath rotated =
        customer
            .call()
            .post("/api/v1/webhooks/" + id + "/rotate-secret/")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(rotated.getString("secret"))
        .startsWith("whsec_")
        .isNotEqualTo(created.getString("secret"));
    assertThat(rotated.getString("previous_secret_expires_at")).isNotBlank();
  }

  @Test
  void anEndpointIsChangedAndRemovedByItsOwner() {
    Platform.Customer customer = Platform.Customer.create();
    long id = create(customer).getLong("id");

    customer
        .call()
        .body(
            Map.of(
                "url",
                "https://hooks.example.com/v2",
                "events",
                List.of("RestoreCompleted"),
                "enabled",
                false))
        .patch("/api/v1/webhooks/" + id + "/")
        .then()
        .statusCode(200)
        .body("url", equalTo("https://hooks.example.com/v2"))
        .body("events", equalTo(List.of("RestoreCompleted")))
        .body("enabled", equalTo(false))
        .body("description", equalTo("ops channel"));
    customer
        .call()
        .get("/api/v1/webhooks/" + id + "/deliveries/")
        .then()
        .statusCode(200)
        .body("count", equalTo(0));

    customer.call().delete("/api/v1/webhooks/" + id + "/").then().statusCode(204);
    customer.call().get("/api/v1/webhooks/" + id + "/").then().statusCode(404);
  }

  @Test
  void anotherAccountsEndpointIsNotFoundWhateverItIsAsked() {
    long id = create(Platform.Customer.create()).getLong("id");
    Platform.Customer stranger = Platform.Customer.create();
    String path = "/api/v1/webhooks/" + id + "/";

    stranger.call().get(path).then().statusCode(404).body("code", equalTo("not_found"));
    stranger.call().body(Map.of("enabled", false)).patch(path).then().statusCode(404);
    stranger.call().delete(path).then().statusCode(404);
    stranger.call().post(path + "rotate-secret/").then().statusCode(404);
    stranger.call().get(path + "deliveries/").then().statusCode(404);
    stranger.call().post(path + "deliveries/1/redeliver/").then().statusCode(404);
    stranger.call().get("/api/v1/webhooks/").then().body("count", equalTo(0));
  }

  @Test
  void aReadTokenListsButNeverChanges() {
    Platform.Customer customer = Platform.Customer.create();
    long id = create(customer).getLong("id");
    var reader = Platform.as(Platform.token(customer.account(), "read"));

    reader.get("/api/v1/webhooks/").then().statusCode(200).body("count", equalTo(1));
    reader.body(ENDPOINT).post("/api/v1/webhooks/").then().statusCode(403);
    reader.post("/api/v1/webhooks/" + id + "/rotate-secret/").then().statusCode(403);
    reader.delete("/api/v1/webhooks/" + id + "/").then().statusCode(403);
  }

  @Test
  void anAccountHasAtMostTenEndpoints() {
    Platform.Customer customer = Platform.Customer.create();
    for (int i = 0; i < 10; i++) {
      create(customer);
    }

    customer
        .call()
        .body(ENDPOINT)
        .post("/api/v1/webhooks/")
        .then()
        .statusCode(400)
        .body("code", equalTo("webhook_limit_reached"));
  }

  @Test
  void unsafeOrMalformedEndpointsAreRefusedFieldByField() {
    Platform.Customer customer = Platform.Customer.create();
    for (String url :
        List.of(
            "http://hooks.example.com/",
            "https://127.0.0.1/",
            "https://localhost:8443/",
            "https://169.254.169.254/latest/meta-data/",
            "https://[::1]/")) {
      customer
          .call()
          .body(Map.of("url", url, "events", List.of("SnapshotCreated")))
          .post("/api/v1/webhooks/")
          .then()
          .statusCode(400)
          .body(
              "errors.url[0]",
              startsWith(
                  url.startsWith("http:")
                      ? "Enter an https"
                      : "The URL must reach a public address"));
    }
    customer
        .call()
        .body(Map.of("url", "https://hooks.example.com/", "events", List.of("SnapshotBaked")))
        .post("/api/v1/webhooks/")
        .then()
        .statusCode(400)
        .body("errors.events[0]", containsString("SnapshotBaked"));
    customer
        .call()
        .body(Map.of("events", List.of()))
        .post("/api/v1/webhooks/")
        .then()
        .statusCode(400)
        .body("errors", hasKey("url"))
        .body("errors.events[0]", equalTo("Select at least one event type."));
    customer
        .call()
        .body(Map.of("url", 5, "events", "SnapshotCreated", "description", true))
        .post("/api/v1/webhooks/")
        .then()
        .statusCode(400)
        .body("errors", hasKey("url"))
        .body("errors", hasKey("events"))
        .body("errors", hasKey("description"));
    customer.call().get("/api/v1/webhooks/abc/").then().statusCode(404);
    customer.call().get("/api/v1/webhooks/").then().body("count", equalTo(0));
  }
}
