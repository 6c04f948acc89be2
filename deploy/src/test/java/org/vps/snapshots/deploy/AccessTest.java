package org.vps.snapshots.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.application.port.TokenHash;
import org.vps.snapshots.persistence.PostgresResource;

/** Tokens, scopes, revocation, tenant isolation and the operator API's own token. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class AccessTest {
  @Inject ApiTokens tokens;

  @Test
  void withoutValidCredentialsEveryRouteIs401WithABearerChallenge() {
    for (String header :
        new String[] {
          null, "", "Bearer", "Bearer ", "Basic dXNlcjpwdw==", "Bearer snp_nope", "Token x"
        }) {
      var request = given().contentType(ContentType.JSON);
      if (header != null) {
        request.header("Authorization", header);
      }
      request
          .get("/api/v1/snapshots/")
          .then()
          .statusCode(401)
          .header("WWW-Authenticate", "Bearer")
          .contentType(startsWith("application/problem+json"))
          .body("code", equalTo("not_authenticated"));
    }
    given().post("/api/v1/snapshots/1/restore/").then().statusCode(401);
    given().delete("/api/v1/snapshots/1/").then().statusCode(401);
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() {
    Platform.Customer customer = Platform.Customer.create();

    given()
        .header("Authorization", "bearer " + customer.token())
        .get("/api/v1/snapshots/")
        .then()
        .statusCode(200);
  }

  @Test
  void aReadTokenReadsButCannotWrite() {
    long account = Platform.account("reader");
    long server = Platform.server(account, "web", "running");
    String read = Platform.token(account, "read");

    Platform.as(read).get("/api/v1/snapshots/").then().statusCode(200);
    Platform.as(read).get("/api/v1/servers/" + server + "/").then().statusCode(200);
    Platform.as(read)
        .body(Map.of("server_id", server, "name", "nope"))
        .post("/api/v1/snapshots/")
        .then()
        .statusCode(403)
        .body("code", equalTo("insufficient_scope"));
    Platform.as(read).delete("/api/v1/snapshots/1/").then().statusCode(403);
  }

  @Test
  void aRevokedTokenIs401FromThenOn() {
    long account = Platform.account("revoked");
    var issued =
        Platform.admin()
            .body(Map.of("scope", "write"))
            .post("/admin/v1/accounts/" + account + "/tokens")
            .then()
            .statusCode(201)
            .body("scope", equalTo("write"))
            .extract()
            .jsonPath();
    String token = issued.getString("token");
    Platform.as(token).get("/api/v1/snapshots/").then().statusCode(200);

    Platform.admin().delete("/admin/v1/tokens/" + issued.getLong("id")).then().statusCode(204);

    Platform.as(token).get("/api/v1/snapshots/").then().statusCode(401);
    Platform.admin().delete("/admin/v1/tokens/424242424242").then().statusCode(404);
  }

  @Test
  void theTokenStoreRemembersAValidTokenAndForgetsItWhenRevoked() {
    String token = Platform.token(Platform.account("remembered"), "read");
    TokenHash hash = TokenHash.of(token);
    assertThat(tokens.findRemembered(hash)).isEmpty();

    Platform.as(token).get("/api/v1/snapshots/").then().statusCode(200);
    assertThat(tokens.findRemembered(hash)).isPresent();

    long id = tokens.findRemembered(hash).orElseThrow().tokenId();
    Platform.admin().delete("/admin/v1/tokens/" + id).then().statusCode(204);
    assertThat(tokens.findRemembered(hash)).isEmpty();
  }

  @Test
  void anotherAccountsThingsAreExactlyLikeMissingOnes() {
    Platform.Customer owner = Platform.Customer.create();
    Platform.Customer stranger = Platform.Customer.create();
    long server = owner.server("running");
    long snapshot = owner.createSnapshot(server, "private");

    stranger.call().get("/api/v1/snapshots/" + snapshot + "/").then().statusCode(404);
    stranger.call().post("/api/v1/snapshots/" + snapshot + "/restore/").then().statusCode(404);
    stranger.call().delete("/api/v1/snapshots/" + snapshot + "/").then().statusCode(404);
    stranger.call().get("/api/v1/servers/" + server + "/").then().statusCode(404);
    stranger
        .call()
        .body(Map.of("server_id", server, "name", "intruder"))
        .post("/api/v1/snapshots/")
        .then()
        .statusCode(404);
    stranger
        .call()
        .get("/api/v1/snapshots/?server_id=" + server)
        .then()
        .statusCode(200)
        .body("count", equalTo(0));
    stranger.call().get("/api/v1/snapshots/").then().body("count", equalTo(0));
    owner.call().get("/api/v1/snapshots/" + snapshot + "/").then().statusCode(200);
  }

  @Test
  void theOperatorApiTakesOnlyTheAdminToken() {
    Platform.Customer customer = Platform.Customer.create();

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "x"))
        .post("/admin/v1/accounts")
        .then()
        .statusCode(401);
    customer.call().body(Map.of("name", "x")).post("/admin/v1/accounts").then().statusCode(401);
    Platform.as("wrong-admin-token")
        .body(Map.of("name", "x"))
        .post("/admin/v1/accounts")
        .then()
        .statusCode(401);
    Platform.admin().get("/api/v1/snapshots/").then().statusCode(401);
  }

  @Test
  void theOperatorApiValidatesWhatThePlatformSends() {
    long account = Platform.account("ops");
    Platform.admin()
        .body("{}")
        .post("/admin/v1/accounts")
        .then()
        .statusCode(400)
        .body("errors.name[0]", equalTo("This field is required."));
    Platform.admin()
        .body(Map.of("scope", "admin"))
        .post("/admin/v1/accounts/" + account + "/tokens")
        .then()
        .statusCode(400);
    Platform.admin()
        .body(Map.of("scope", "read"))
        .post("/admin/v1/accounts/424242424242/tokens")
        .then()
        .statusCode(404);
    Platform.admin()
        .body(Map.of("id", 5, "account_id", 424242424242L, "name", "x"))
        .post("/admin/v1/servers")
        .then()
        .statusCode(400)
        .body("errors.account_id", org.hamcrest.Matchers.notNullValue());
    Platform.admin()
        .body(Map.of("id", 5, "account_id", account, "name", "x", "status", "restoring"))
        .post("/admin/v1/servers")
        .then()
        .statusCode(400);
    long server = Platform.server(account, "web", "running");
    Platform.admin()
        .body(Map.of("id", server, "account_id", account, "name", "again"))
        .post("/admin/v1/servers")
        .then()
        .statusCode(409);
    Platform.admin().body("{}").patch("/admin/v1/servers/" + server).then().statusCode(400);
    Platform.admin()
        .body(Map.of("status", "stopped", "name", "web-2"))
        .patch("/admin/v1/servers/" + server + "/")
        .then()
        .statusCode(200)
        .body("status", equalTo("stopped"))
        .body("name", equalTo("web-2"));
    Platform.admin()
        .body(Map.of("status", "stopped"))
        .patch("/admin/v1/servers/424242424242")
        .then()
        .statusCode(404);
    Platform.admin().delete("/admin/v1/servers/" + server).then().statusCode(204);
    Platform.admin().delete("/admin/v1/servers/" + server).then().statusCode(404);
  }

  @Test
  void theOperatorPlacesAServerOnAHostAndMovesIt() {
    long account = Platform.account("hosts");
    long id = Platform.nextServerId();
    Platform.admin()
        .body(Map.of("id", id, "account_id", account, "name", "db", "host", "kvm-1.dc1.example"))
        .post("/admin/v1/servers")
        .then()
        .statusCode(201)
        .body("host", equalTo("kvm-1.dc1.example"));
    Platform.admin()
        .body(Map.of("host", "10.0.3.17"))
        .patch("/admin/v1/servers/" + id)
        .then()
        .statusCode(200)
        .body("host", equalTo("10.0.3.17"))
        .body("name", equalTo("db"));
    Platform.admin()
        .body(Map.of("host", "kvm-1/system?socket=/tmp/x"))
        .patch("/admin/v1/servers/" + id)
        .then()
        .statusCode(400)
        .body("errors.host[0]", org.hamcrest.Matchers.startsWith("Enter a host name"));
    Platform.admin()
        .body(Map.of("id", id + 1, "account_id", account, "name", "x", "host", "root@kvm-1"))
        .post("/admin/v1/servers")
        .then()
        .statusCode(400)
        .body("errors.host", org.hamcrest.Matchers.notNullValue());
    long unplaced = Platform.server(account, "web", "running");
    Platform.admin()
        .body(Map.of("name", "web-2"))
        .patch("/admin/v1/servers/" + unplaced)
        .then()
        .statusCode(200)
        .body("host", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void removingAServerRemovesItsSnapshotsWithIt() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    long snapshot = customer.createSnapshot(server, "goes-with-it");

    Platform.admin().delete("/admin/v1/servers/" + server).then().statusCode(204);

    customer.call().get("/api/v1/snapshots/" + snapshot + "/").then().statusCode(404);
    customer
        .call()
        .get("/api/v1/snapshots/?server_id=" + server)
        .then()
        .statusCode(200)
        .body("count", equalTo(0));
  }
}
