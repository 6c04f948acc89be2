package org.vps.snapshots.rest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The operator API on a listener of its own when {@code snapshots.admin.port} is set (0 picks a
 * free port), bound to {@code snapshots.admin.host}: then {@code /admin/} answers there only and
 * that listener answers nothing else, so that the public listener, and an ingress in front of it,
 * never expose the operator API. Unset, the operator API shares the public listener.
 */
@ApplicationScoped
public class AdminListener {
  private static final Logger LOG = Logger.getLogger(AdminListener.class);
  private static final String PREFIX = "/admin/";

  private final Vertx vertx;
  private final Optional<Integer> port;
  private final String host;
  private volatile HttpServer server;

  @Inject
  public AdminListener(Vertx vertx, RestConfig config) {
    this.vertx = vertx;
    this.port = config.admin().port();
    this.host = config.admin().host();
  }

  void install(@Observes Router router) {
    if (port.isEmpty()) {
      return;
    }
    router
        .route()
        .order(Integer.MIN_VALUE + 1)
        .handler(
            ctx -> {
              boolean adminRoute = ctx.request().path().startsWith(PREFIX);
              if (adminRoute != arrivedHere(ctx.request())) {
                ProblemAnswers.notFound(ctx);
                return;
              }
              ctx.next();
            });
  }

  /**
   * Listens with the same root handler as the public listener (forwarded headers, access log,
   * graceful shutdown, then the router), so that a request is handled alike on either.
   */
  void start(@Observes @Priority(1) StartupEvent started) {
    if (port.isEmpty()) {
      return;
    }
    try {
      server =
          vertx
              .createHttpServer(new HttpServerOptions().setHost(host).setPort(port.orElseThrow()))
              .requestHandler(VertxHttpRecorder.getRootHandler())
              .listen()
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "the operator API cannot listen on " + host + ":" + port.orElseThrow(), e);
    }
    LOG.infof("The operator API listens on http://%s:%d%s", host, server.actualPort(), PREFIX);
  }

  private boolean arrivedHere(HttpServerRequest request) {
    HttpServer own = server;
    return own != null
        && request.localAddress() != null
        && request.localAddress().port() == own.actualPort();
  }

  /** The port of the operator API's own listener; empty when it shares the public one. */
  public Optional<Integer> port() {
    HttpServer own = server;
    return own == null ? Optional.empty() : Optional.of(own.actualPort());
  }

  void stop(@Observes ShutdownEvent stopping) throws Exception {
    HttpServer own = server;
    if (own != null) {
      own.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }
}
