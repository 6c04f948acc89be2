package org.vps.snapshots.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;

/** Per-account budgets for reads and writes, and per-address budgets for unknown tokens. */
@QuarkusTest
@TestProfile(RateLimitTest.SmallBudgets.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class RateLimitTest {
  /** Budgets small enough to use up in a test, refilling too slowly to matter during it. */
  public static class SmallBudgets implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "snapshots.rate-limit.enabled", "true",
          "snapshots.rate-limit.read.burst", "5",
          "snapshots.rate-limit.read.per-second", "0.01",
          "snapshots.rate-limit.write.burst", "2",
          "snapshots.rate-limit.write.per-second", "0.01",
          "snapshots.rate-limit.unknown-token.burst", "3",
          "snapshots.rate-limit.unknown-token.per-second", "0.01");
    }
  }

  @Test
  void anAccountsReadsAreCountedDownAndThenRefusedWithRetryAfter() {
    Platform.Customer customer = Platform.Customer.create();
    for (int remaining = 4; remaining >= 0; remaining--) {
      customer
          .call()
          .get("/api/v1/snapshots/")
          .then()
          .statusCode(200)
          .header("RateLimit-Limit", "5")
          .header("RateLimit-Remaining", Integer.toString(remaining))
          .header("RateLimit-Reset", notNullValue());
    }

    Response refused = customer.call().get("/api/v1/snapshots/");

    refused
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .body("code", equalTo("rate_limited"))
        .header("RateLimit-Remaining", "0");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 100L);
    assertThat(Long.parseLong(refused.header("RateLimit-Reset"))).isBetween(1L, 500L);
    // Another account has a budget of its own.
    Platform.Customer.create().call().get("/api/v1/snapshots/").then().statusCode(200);
  }

  @Test
  void writesHaveABudgetOfTheirOwnAndEveryAnswerCarriesIt() {
    Platform.Customer customer = Platform.Customer.create();
    for (int i = 0; i < 5; i++) {
      customer.call().get("/api/v1/snapshots/").then().statusCode(200);
    }
    customer.call().get("/api/v1/snapshots/").then().statusCode(429);

    // Invalid writes are charged too, and answered with the write budget's standing.
    customer
        .call()
        .body("{}")
        .post("/api/v1/snapshots/")
        .then()
        .statusCode(400)
        .header("RateLimit-Limit", "2")
        .header("RateLimit-Remaining", "1");
    customer.call().delete("/api/v1/snapshots/42/").then().statusCode(404);
    customer
        .call()
        .delete("/api/v1/snapshots/42/")
        .then()
        .statusCode(429)
        .body("code", equalTo("rate_limited"))
        .header("Retry-After", notNullValue());
  }

  @Test
  void unknownTokensAreLimitedPerAddressBeforeTheDatabaseIsAsked() {
    Platform.Customer known = Platform.Customer.create();
    known.call().get("/api/v1/snapshots/").then().statusCode(200);
    long account = Platform.account("not-yet-seen");
    String notYetSeen = Platform.token(account, "read");

    for (int remaining = 2; remaining >= 0; remaining--) {
      Platform.as("guess-" + remaining)
          .get("/api/v1/snapshots/")
          .then()
          .statusCode(401)
          .header("RateLimit-Limit", "3")
          .header("RateLimit-Remaining", Integer.toString(remaining));
    }
    Platform.as("guess-more")
        .get("/api/v1/snapshots/")
        .then()
        .statusCode(429)
        .body("code", equalTo("rate_limited"))
        .header("Retry-After", notNullValue());

    // A token this node has not yet looked up is not looked up from this address either...
    Platform.as(notYetSeen).get("/api/v1/snapshots/").then().statusCode(429);
    // ...while one it knows goes on as before, with its account's budget.
    known.call().get("/api/v1/snapshots/").then().statusCode(200).header("RateLimit-Limit", "5");
    // No token at all costs nothing and says where the address stands.
    given().get("/api/v1/snapshots/").then().statusCode(401).header("RateLimit-Remaining", "0");
  }

  @Test
  void theOperatorApiIsNotLimited() {
    for (int i = 0; i < 10; i++) {
      Platform.admin().get("/admin/v1/outbox/quarantine").then().statusCode(200);
    }
  }
}
