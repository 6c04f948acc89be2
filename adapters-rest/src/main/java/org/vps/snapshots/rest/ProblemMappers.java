package org.vps.snapshots.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.vps.snapshots.domain.AlreadyExistsException;
import org.vps.snapshots.domain.DomainException;
import org.vps.snapshots.domain.IllegalTransitionException;
import org.vps.snapshots.domain.InvalidValueException;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.snapshot.StateConflictException;

/** The one place where every failure becomes an RFC 9457 problem answer. */
public class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  static final int CONFLICT_RETRY_AFTER_SECONDS = 10;
  static final int DEPENDENCY_RETRY_AFTER_SECONDS = 5;

  @ServerExceptionMapper
  public Response problem(ProblemException e, HttpHeaders headers) {
    Response.ResponseBuilder answer = respond(e.problem(), headers);
    if (e.problem().status() == 401) {
      answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    if (e.retryAfterSeconds() > 0) {
      answer.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
    }
    return answer.build();
  }

  @ServerExceptionMapper
  public Response domain(DomainException e, HttpHeaders headers) {
    if (e instanceof StateConflictException conflict) {
      Problem problem =
          Problem.of(400, "Bad Request", e.code(), e.getMessage())
              .withBlockingSnapshot(conflict.blockingSnapshot().value());
      return respond(problem, headers)
          .header(HttpHeaders.RETRY_AFTER, CONFLICT_RETRY_AFTER_SECONDS)
          .build();
    }
    return respond(problemOf(e), headers).build();
  }

  private static Problem problemOf(DomainException e) {
    if (e instanceof NotFoundException) {
      return Problem.of(404, "Not Found", e.code(), e.getMessage());
    }
    if (e instanceof AlreadyExistsException || e instanceof IllegalTransitionException) {
      return Problem.of(409, "Conflict", e.code(), e.getMessage());
    }
    if (e instanceof InvalidValueException invalid) {
      return Problem.of(400, "Bad Request", "invalid", "The request has invalid fields.")
          .withErrors(Map.of(invalid.field(), List.of(invalid.getMessage())));
    }
    return Problem.of(400, "Bad Request", e.code(), e.getMessage());
  }

  @ServerExceptionMapper
  public Response framework(WebApplicationException e, HttpHeaders headers) {
    int status = e.getResponse().getStatus();
    Problem problem =
        switch (status) {
          case 404 -> Problem.of(404, "Not Found", "not_found", "No such resource.");
          case 405 ->
              Problem.of(405, "Method Not Allowed", "method_not_allowed", "Method not allowed.");
          case 406 ->
              Problem.of(406, "Not Acceptable", "not_acceptable", "This API answers in JSON.");
          case 415 ->
              Problem.of(
                  400,
                  "Bad Request",
                  "unsupported_media_type",
                  "Send the body as JSON with Content-Type: application/json.");
          default ->
              status >= 500
                  ? internal(e, headers)
                  : Problem.of(status, "Bad Request", "bad_request", "The request is not valid.");
        };
    Response.ResponseBuilder answer = respond(problem, headers);
    if (status == 405 && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
      answer.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
    }
    return answer.build();
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e, HttpHeaders headers) {
    if (databaseUnreachable(e)) {
      // A dependency outage, not a bug: the client may retry, and the log names the dependency.
      LOG.warnf(
          "request %s: PostgreSQL is unreachable: %s",
          headers.getHeaderString(RequestIds.HEADER), rootMessage(e));
      return respond(
              Problem.of(
                  503,
                  "Service Unavailable",
                  "service_unavailable",
                  "The service cannot reach its database right now; retry shortly."),
              headers)
          .header(HttpHeaders.RETRY_AFTER, DEPENDENCY_RETRY_AFTER_SECONDS)
          .build();
    }
    return respond(internal(e, headers), headers).build();
  }

  /**
   * Whether a failure comes from not reaching PostgreSQL: a connection error (SQL state class 08),
   * or no connection to be had from the pool.
   */
  static boolean databaseUnreachable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (cause instanceof SQLException sql) {
        String state = sql.getSQLState();
        String message = String.valueOf(sql.getMessage());
        if ((state != null && state.startsWith("08")) || message.contains("Acquisition timeout")) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  private static Problem internal(Exception e, HttpHeaders headers) {
    LOG.errorf(e, "request %s failed", headers.getHeaderString(RequestIds.HEADER));
    return Problem.of(
        500,
        "Internal Server Error",
        "internal_error",
        "Something went wrong on our side; quote the request id when you report it.");
  }

  private static Response.ResponseBuilder respond(Problem problem, HttpHeaders headers) {
    return Response.status(problem.status())
        .type(Problem.MEDIA_TYPE)
        .entity(problem.withRequestId(headers.getHeaderString(RequestIds.HEADER)));
  }
}
