package org.vps.snapshots.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;
import org.vps.snapshots.rest.AdminListener;

/** With {@code snapshots.admin.port} set, the operator API answers on that listener only. */
@QuarkusTest
@TestProfile(OperatorListenerTest.SeparateOperatorListener.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class OperatorListenerTest {
  public static class SeparateOperatorListener implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("snapshots.admin.port", "0", "snapshots.admin.host", "127.0.0.1");
    }
  }

  @Inject AdminListener listener;

  @Test
  void theOperatorApiAnswersOnItsOwnListenerAndTheCustomersApiOnTheOther() {
    int operatorPort = listener.port().orElseThrow();

    Platform.admin()
        .port(operatorPort)
        .body(Map.of("name", "on-the-operator-listener"))
        .post("/admin/v1/accounts")
        .then()
        .statusCode(201);
    Platform.admin()
        .get("/admin/v1/outbox/quarantine")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("code", equalTo("not_found"));

    given().port(operatorPort).get("/api/v1/snapshots/").then().statusCode(404);
    given().get("/api/v1/snapshots/").then().statusCode(401);
  }
}
