package org.vps.snapshots.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** What each kind of failure answers, without an HTTP server. */
class ProblemMappersTest {
  private static final String REQUEST = "req-1";
  private final ProblemMappers mappers = new ProblemMappers();
  private final HttpHeaders headers = requestWithId();

  @Test
  void anUnauthenticatedAnswerAsksForABearerToken() {
    Response answer = mappers.problem(ProblemException.unauthenticated("Invalid token."), headers);

    assertThat(answer.getStatus()).isEqualTo(401);
    assertThat(answer.getHeaderString(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
    assertThat(problem(answer).requestId()).isEqualTo(REQUEST);
    assertThat(answer.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
  }

  @Test
  void aRateLimitedAnswerSaysWhenToComeBack() {
    Response answer = mappers.problem(ProblemException.rateLimited(7), headers);

    assertThat(answer.getStatus()).isEqualTo(429);
    assertThat(answer.getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
    assertThat(problem(answer).code()).isEqualTo("rate_limited");
  }

  @Test
  void frameworkRefusalsKeepTheirMeaningAndTheAllowHeader() {
    Response notAllowed =
        mappers.framework(
            new NotAllowedException(Response.status(405).allow("GET", "POST").build()), headers);
    Response unsupported = mappers.framework(new NotSupportedException(), headers);

    assertThat(notAllowed.getStatus()).isEqualTo(405);
    assertThat(notAllowed.getHeaderString(HttpHeaders.ALLOW)).contains("GET").contains("POST");
    assertThat(problem(notAllowed).code()).isEqualTo("method_not_allowed");
    assertThat(unsupported.getStatus()).isEqualTo(400);
    assertThat(problem(unsupported).code()).isEqualTo("unsupported_media_type");
  }

  @Test
  void anUnreachableDatabaseIsA503WithRetryAfterNotABug() {
    Exception outage =
        new IllegalStateException(
            "could not open", new SQLTransientConnectionException("Connection refused"));
    Exception poolEmpty =
        new RuntimeException(new SQLException("Acquisition timeout while waiting for connection"));
    Exception refused = new RuntimeException(new SQLException("refused", "08001"));

    for (Exception failure : new Exception[] {outage, poolEmpty, refused}) {
      Response answer = mappers.unexpected(failure, headers);

      assertThat(answer.getStatus()).isEqualTo(503);
      assertThat(answer.getHeaderString(HttpHeaders.RETRY_AFTER)).isNotBlank();
      assertThat(problem(answer).code()).isEqualTo("service_unavailable");
    }
  }

  @Test
  void anythingElseIsA500ThatTellsNothingOfTheInside() {
    Response answer =
        mappers.unexpected(
            new NullPointerException("Cannot invoke org.vps.secret.Thing.x()"), headers);

    assertThat(answer.getStatus()).isEqualTo(500);
    assertThat(problem(answer).code()).isEqualTo("internal_error");
    assertThat(problem(answer).detail()).doesNotContain("org.vps").contains("request id");
    assertThat(problem(answer).requestId()).isEqualTo(REQUEST);
    assertThat(
            mappers
                .unexpected(new RuntimeException(new SQLException("dup", "23505")), headers)
                .getStatus())
        .isEqualTo(500);
  }

  private static Problem problem(Response answer) {
    return (Problem) answer.getEntity();
  }

  private static HttpHeaders requestWithId() {
    return (HttpHeaders)
        Proxy.newProxyInstance(
            HttpHeaders.class.getClassLoader(),
            new Class<?>[] {HttpHeaders.class},
            (proxy, method, args) ->
                method.getName().equals("getHeaderString") && RequestIds.HEADER.equals(args[0])
                    ? REQUEST
                    : null);
  }
}
