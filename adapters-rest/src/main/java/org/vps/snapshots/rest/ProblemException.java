package org.vps.snapshots.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request refused at the edge, before any use case ran: bad input, no or wrong credentials, too
 * many requests.
 */
public final class ProblemException extends RuntimeException {
  private final Problem problem;
  private final long retryAfterSeconds;

  ProblemException(Problem problem) {
    this(problem, 0);
  }

  private ProblemException(Problem problem, long retryAfterSeconds) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  Problem problem() {
    return problem;
  }

  /** Seconds the client should wait before it tries again; zero when the answer says nothing. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  static ProblemException badRequest(String code, String detail) {
    return new ProblemException(Problem.of(400, "Bad Request", code, detail));
  }

  static ProblemException invalidFields(Map<String, List<String>> errors) {
    return new ProblemException(
        Problem.of(400, "Bad Request", "invalid", "The request has invalid fields.")
            .withErrors(new LinkedHashMap<>(errors)));
  }

  static ProblemException invalidField(String field, String message) {
    return invalidFields(Map.of(field, List.of(message)));
  }

  static ProblemException unauthenticated(String detail) {
    return new ProblemException(Problem.of(401, "Unauthorized", "not_authenticated", detail));
  }

  static ProblemException forbidden(String detail) {
    return new ProblemException(Problem.of(403, "Forbidden", "insufficient_scope", detail));
  }

  static ProblemException rateLimited(long retryAfterSeconds) {
    return new ProblemException(
        Problem.of(
            429,
            "Too Many Requests",
            "rate_limited",
            "Too many requests for this account; retry in " + retryAfterSeconds + " seconds."),
        retryAfterSeconds);
  }

  static ProblemException notFound(String detail) {
    return new ProblemException(Problem.of(404, "Not Found", "not_found", detail));
  }
}
