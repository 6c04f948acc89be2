package org.vps.snapshots.deploy;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Plays the platform through the operator API: accounts, tokens and servers for a test. */
final class Platform {
  static final String ADMIN_TOKEN = "test-admin-token";

  private Platform() {}

  static RequestSpecification admin() {
    return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON);
  }

  static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
  }

  static long account(String name) {
    return admin()
        .body(Map.of("name", name))
        .post("/admin/v1/accounts")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getLong("id");
  }

  static String token(long account, String scope) {
    return admin()
        .body(Map.of("scope", scope))
        .post("/admin/v1/accounts/" + account + "/tokens")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath()
        .getString("token");
  }

  /** An id no server of the tests has. */
  static long nextServerId() {
    return ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000_000L);
  }

  static long server(long account, String name, String status) {
    long id = nextServerId();
    admin()
        .body(Map.of("id", id, "account_id", account, "name", name, "status", status))
        .post("/admin/v1/servers")
        .then()
        .statusCode(201);
    return id;
  }

  /** A new account with a write token: the usual customer of a test. */
  record Customer(long account, String token) {
    static Customer create() {
      long account = Platform.account("customer");
      return new Customer(account, Platform.token(account, "write"));
    }

    /** The embedded default's demo account (server 12345 and its snapshots), with a new token. */
    static Customer demo(DemoData demoData) {
      long account = demoData.demoAccount().orElseThrow().value();
      return new Customer(account, Platform.token(account, "write"));
    }

    RequestSpecification call() {
      return as(token);
    }

    long server(String status) {
      return Platform.server(account, "server", status);
    }

    String snapshotField(long snapshot, String field) {
      return call().get("/api/v1/snapshots/" + snapshot + "/").jsonPath().getString(field);
    }

    /** Waits until the snapshot reaches {@code status}, as a client polling it would. */
    void awaitSnapshotStatus(long snapshot, String status) {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .pollInterval(java.time.Duration.ofMillis(100))
          .until(() -> status.equals(snapshotField(snapshot, "status")));
    }

    /** The newest operation of the server, as the customer sees it. */
    io.restassured.path.json.JsonPath latestOperation(long server) {
      return call()
          .get("/api/v1/operations/?server_id=" + server)
          .then()
          .statusCode(200)
          .extract()
          .jsonPath()
          .setRootPath("results[0]");
    }

    io.restassured.response.Response createSnapshotResponse(long server, String name) {
      return call().body(Map.of("server_id", server, "name", name)).post("/api/v1/snapshots/");
    }

    long createSnapshot(long server, String name) {
      return call()
          .body(Map.of("server_id", server, "name", name))
          .post("/api/v1/snapshots/")
          .then()
          .statusCode(201)
          .extract()
          .jsonPath()
          .getLong("id");
    }
  }
}
