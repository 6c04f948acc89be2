package org.vps.snapshots.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.access.AuthenticateCaller;
import org.vps.snapshots.application.port.Caller;
import org.vps.snapshots.application.port.SnapshotView;
import org.vps.snapshots.application.port.TokenScope;
import org.vps.snapshots.application.snapshot.CreateSnapshot;
import org.vps.snapshots.application.snapshot.CreateSnapshotsTogether;
import org.vps.snapshots.application.snapshot.GetSnapshot;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.snapshot.Consistency;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.snapshot.RuleViolationException;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerName;
import org.vps.snapshots.domain.snapshot.ServerSnapshots;
import org.vps.snapshots.domain.snapshot.ServerStatus;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotName;
import org.vps.snapshots.domain.snapshot.SnapshotQuota;

/** The snapshot routes over HTTP, their use cases mocked: what the adapter alone translates. */
@QuarkusTest
class SnapshotsResourceTest {
  static final String TOKEN = "snp_resource_test";
  static final AccountId ACME = new AccountId(7);
  static final ServerId WEB = new ServerId(12345);

  @InjectMock AuthenticateCaller authenticate;
  @InjectMock CreateSnapshot createSnapshot;
  @InjectMock CreateSnapshotsTogether createSnapshotsTogether;
  @InjectMock GetSnapshot getSnapshot;

  @BeforeEach
  void signedIn() {
    when(authenticate.remembered(TOKEN))
        .thenReturn(Optional.of(new Caller(ACME, TokenScope.WRITE, 1)));
  }

  static RequestSpecification customer() {
    return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
  }

  static Snapshot started(long id) {
    Server server =
        Server.register(WEB, ACME, new ServerName("web-server-01"), ServerStatus.RUNNING);
    return server.takeSnapshot(
        new SnapshotId(id),
        new OperationId(9),
        new SnapshotName("before-upgrade"),
        new Description("Kernel 6.1"),
        Labels.NONE,
        new ServerSnapshots(List.of()),
        new SnapshotQuota(5),
        Clock.fixed(FakePorts.NOW, ZoneOffset.UTC));
  }

  /** What the use case answers for a create of snapshot 851 by operation 9. */
  private static CreateSnapshot.Started started() {
    Snapshot snapshot = started(851);
    Operation operation =
        Operation.queue(
            new OperationId(9),
            OperationKind.SNAPSHOT,
            ACME,
            WEB,
            null,
            snapshot.id(),
            FakePorts.NOW,
            Duration.ofMinutes(30));
    return new CreateSnapshot.Started(
        new SnapshotView(snapshot, new ServerName("web-server-01")), operation);
  }

  @Test
  void aCreateHandsTheUseCaseTypedValuesAndAnswers201WithWhatItStarted() {
    when(createSnapshotsTogether.execute(any())).thenReturn(started());

    customer()
        .body(
            "{\"server_id\": 12345, \"name\": \"before-upgrade\", \"description\": \"Kernel 6.1\"}")
        .post("/api/v1/snapshots/")
        .then()
        .statusCode(201)
        .body("id", equalTo(851))
        .body("server.id", equalTo(12345))
        .body("server.name", equalTo("web-server-01"))
        .body("operation.id", equalTo(9))
        .body("status", equalTo("in_progress"))
        .body("size_mb", equalTo(null))
        .body("created_at", equalTo("2025-01-16T16:15:00Z"));

    verify(createSnapshotsTogether)
        .execute(
            new CreateSnapshot.Command(
                ACME, WEB, new SnapshotName("before-upgrade"), new Description("Kernel 6.1")));
    verifyNoInteractions(createSnapshot);
  }

  @Test
  void aCreateWithAnIdempotencyKeyRunsAloneInTheKeysTransaction() {
    when(createSnapshot.execute(any())).thenReturn(started());

    customer()
        .header("Idempotency-Key", "resource-test-" + System.nanoTime())
        .body("{\"server_id\": 12345, \"name\": \"before-upgrade\"}")
        .post("/api/v1/snapshots/")
        .then()
        .statusCode(201);

    verify(createSnapshot).execute(any());
    verifyNoInteractions(createSnapshotsTogether);
  }

  @Test
  void aRefusalOfTheRulesIsAProblemWithItsCode() {
    when(createSnapshotsTogether.execute(any()))
        .thenThrow(RuleViolationException.limitReached(WEB, new SnapshotQuota(5)));

    customer()
        .body("{\"server_id\": 12345, \"name\": \"sixth\"}")
        .post("/api/v1/snapshots/")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("snapshot_limit_reached"));
  }

  @Test
  void aBodyThatIsNotValidNeverReachesTheUseCase() {
    customer()
        .body("{\"server_id\": \"web\", \"name\": \"\"}")
        .post("/api/v1/snapshots/")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.server_id", hasItem(notNullValue()))
        .body("errors.name", hasItem(notNullValue()));

    verifyNoInteractions(createSnapshot, createSnapshotsTogether);
  }

  @Test
  void aSnapshotTheUseCaseCannotFindIs404() {
    when(getSnapshot.execute(ACME, new SnapshotId(404)))
        .thenThrow(NotFoundException.snapshot(new SnapshotId(404)));

    customer()
        .get("/api/v1/snapshots/404/")
        .then()
        .statusCode(404)
        .body("code", equalTo("not_found"));
  }

  @Test
  void aCompletedSnapshotSaysWhatARestoreBringsBackWhereTheBackendCouldTell() {
    Snapshot quiesced = started(852);
    quiesced.complete(
        new OperationId(9),
        512,
        Optional.of(Consistency.QUIESCED),
        Clock.fixed(FakePorts.NOW, ZoneOffset.UTC));
    Snapshot unknown = started(853);
    unknown.complete(new OperationId(10), 512, Clock.fixed(FakePorts.NOW, ZoneOffset.UTC));
    when(getSnapshot.execute(ACME, new SnapshotId(852)))
        .thenReturn(new SnapshotView(quiesced, new ServerName("web-server-01")));
    when(getSnapshot.execute(ACME, new SnapshotId(853)))
        .thenReturn(new SnapshotView(unknown, new ServerName("web-server-01")));

    customer()
        .get("/api/v1/snapshots/852/")
        .then()
        .statusCode(200)
        .body("consistency", equalTo("quiesced"));
    // Unknown to the backend: the body is the documented one, without the field.
    customer()
        .get("/api/v1/snapshots/853/")
        .then()
        .statusCode(200)
        .body("$", not(hasKey("consistency")))
        .body("size_mb", equalTo(512));
  }
}
