package org.vps.snapshots.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Problem answers given before a request reaches a resource, from the HTTP layer itself. */
final class ProblemAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProblemAnswers() {}

  static void notFound(RoutingContext ctx) {
    send(ctx, Problem.of(404, "Not Found", "not_found", "No such resource."));
  }

  static void send(RoutingContext ctx, Problem problem) {
    String body;
    try {
      body =
          JSON.writeValueAsString(
              problem.withRequestId(ctx.request().getHeader(RequestIds.HEADER)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem that cannot be written as JSON", e);
    }
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .end(body);
  }
}
