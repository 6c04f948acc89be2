package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;

/** With PostgreSQL gone the API answers 503 with Retry-After, and recovers when it is back. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class DatabaseOutageTest {

  @Test
  void aDatabaseOutageIsA503WithRetryAfterAndTheServiceRecoversByItself() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");

    PostgresResource.takeDown();
    try {
      for (Response response :
          new Response[] {
            customer.call().get("/api/v1/snapshots/"),
            Platform.as("unknown-token").get("/api/v1/snapshots/"),
            customer.createSnapshotResponse(server, "during-outage")
          }) {
        RequestCatalogueTest.assertCleanProblem(response, 503);
        assertThat(response.jsonPath().getString("code")).isEqualTo("service_unavailable");
        assertThat(response.header("Retry-After")).isEqualTo("5");
      }
      Management.given().get("/q/health/ready").then().statusCode(503);
    } finally {
      PostgresResource.bringBack();
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> customer.call().get("/api/v1/snapshots/").statusCode() == 200);
    customer.createSnapshot(server, "after-outage");
  }
}
