package org.vps.snapshots.deploy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A customer's HTTP server in the test: records every request it gets, per path, and answers as the
 * test told it (a status for the n-th request, or a pause first).
 */
final class WebhookReceiver implements AutoCloseable {
  record Received(String path, Map<String, String> headers, String body, Instant at) {
    String header(String name) {
      return headers.get(name.toLowerCase());
    }

    /** The Standard Webhooks headers, as a verifier takes them. */
    Map<String, List<String>> standardHeaders() {
      return Map.of(
          "webhook-id", List.of(header("webhook-id")),
          "webhook-timestamp", List.of(header("webhook-timestamp")),
          "webhook-signature", List.of(header("webhook-signature")));
    }
  }

  /** How a path answers its n-th request (from 1): a status, after an optional pause. */
  record Answer(int status, Duration pause) {
    static Answer of(int status) {
      return new Answer(status, Duration.ZERO);
    }
  }

  private final HttpServer server;
  private final Map<String, IntFunction<Answer>> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final List<Received> received = new ArrayList<>();

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          Map<String, String> headers = new ConcurrentHashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          synchronized (received) {
            received.add(new Received(path, headers, body, Instant.now()));
          }
          int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          Answer answer = answers.getOrDefault(path, i -> Answer.of(200)).apply(n);
          try {
            Thread.sleep(answer.pause().toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] reply = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    server.start();
  }

  /** The URL of {@code path} on this receiver. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  void answer(String path, IntFunction<Answer> answer) {
    answers.put(path, answer);
  }

  List<Received> at(String path) {
    synchronized (received) {
      return received.stream().filter(r -> r.path().equals(path)).toList();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
