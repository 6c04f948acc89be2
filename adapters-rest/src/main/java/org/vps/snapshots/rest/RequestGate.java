package org.vps.snapshots.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * What every request meets before it is routed: a body larger than any request of this API needs is
 * refused with {@code 413 request_too_large}, at once when its length is announced, as soon as it
 * grows past the limit when it streams over HTTP/1.1; such a body is read whole on the I/O thread
 * before the request is routed, so that the thread that runs the request never waits for its bytes;
 * and a client that accepts only {@code application/problem+json}, as generated clients do, is
 * answered in JSON all the same.
 */
@ApplicationScoped
public class RequestGate {
  /** The largest valid request is a few hundred bytes; this leaves room and nothing more. */
  public static final long MAX_BODY_BYTES = 16 * 1024;

  private final BodyHandler bodies =
      BodyHandler.create(false)
          .setBodyLimit(MAX_BODY_BYTES)
          .setMergeFormAttributes(false)
          .setPreallocateBodyBuffer(true);

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE + 1)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
              if (length != null && tooLarge(length)) {
                refuseTooLarge(ctx);
                return;
              }
              String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
              if (accept != null && onlyProblems(accept)) {
                ctx.request().headers().set(HttpHeaders.ACCEPT, accept + ", application/json");
              }
              if (readsBodyFirst(ctx.request())) {
                // Reads the body, then routes the request; one that grows past the limit fails
                // with 413, answered below.
                bodies.handle(ctx);
              } else {
                ctx.next();
              }
            })
        .failureHandler(
            ctx -> {
              if (ctx.statusCode() == 413) {
                refuseTooLarge(ctx);
              } else {
                ctx.next();
              }
            });
  }

  private static void refuseTooLarge(RoutingContext ctx) {
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
  }

  /**
   * Whether the body is read here: a request that may carry one, over HTTP/1.x. Over HTTP/2 the
   * REST layer pauses every request it takes, which fails once the body was read, so there the
   * request's thread reads it as it comes (and the HTTP server's own limit stops one that grows).
   */
  private static boolean readsBodyFirst(HttpServerRequest request) {
    HttpMethod method = request.method();
    return request.version() != HttpVersion.HTTP_2
        && !HttpMethod.GET.equals(method)
        && !HttpMethod.HEAD.equals(method)
        && !HttpMethod.OPTIONS.equals(method);
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
