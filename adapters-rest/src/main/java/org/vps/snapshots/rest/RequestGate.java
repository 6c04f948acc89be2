package org.vps.snapshots.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * What every request meets before it is routed: a body announced larger than any request of this
 * API needs is refused at once with {@code 413 request_too_large} (the HTTP server's own limit
 * stops one that only grows while it streams); and a client that accepts only {@code
 * application/problem+json}, as generated clients do, is answered in JSON all the same.
 */
@ApplicationScoped
public class RequestGate {
  /** The largest valid request is a few hundred bytes; this leaves room and nothing more. */
  public static final long MAX_BODY_BYTES = 16 * 1024;

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE + 1)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
              if (length != null && tooLarge(length)) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                ProblemAnswers.send(
                    ctx,
                    Problem.of(
                        413,
                        "Content Too Large",
                        "request_too_large",
                        "The body is larger than "
                            + MAX_BODY_BYTES
                            + " bytes; no request of this API needs that much."));
                return;
              }
              String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
              if (accept != null && onlyProblems(accept)) {
                ctx.request().headers().set(HttpHeaders.ACCEPT, accept + ", application/json");
              }
              ctx.next();
            });
  }

  private static boolean tooLarge(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Whether the client accepts problem details but not the JSON of a successful answer. */
  static boolean onlyProblems(String accept) {
    String types = accept.toLowerCase(Locale.ROOT);
    return types.contains("application/problem+json")
        && !types.contains("application/json")
        && !types.contains("*/*")
        && !types.contains("application/*");
  }
}
