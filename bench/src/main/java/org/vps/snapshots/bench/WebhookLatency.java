package org.vps.snapshots.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Event to webhook delivery: {@code accounts} accounts with {@code perAccount} endpoints each on a
 * local receiver, creates at a steady rate spread over the accounts; for each delivery the time
 * from the event (its CloudEvent {@code time}) to the receiver reading it.
 */
final class WebhookLatency {
  private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");

  record Result(long expected, long received, ConcurrentHistogram latencyMicros) {}

  static Result measure(
      Workloads load,
      String baseUrl,
      int accounts,
      int perAccount,
      int createsPerSecond,
      Duration warmUp,
      Duration measured)
      throws Exception {
    ConcurrentHistogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
    AtomicLong received = new AtomicLong();
    Instant[] window = new Instant[2];
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    receiver.setExecutor(Executors.newFixedThreadPool(16));
    receiver.createContext(
        "/",
        exchange -> {
          Instant now = Instant.now();
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
          Matcher time = TIME.matcher(body);
          if (time.find()) {
            Instant event = Instant.parse(time.group(1));
            if (window[0] != null && !event.isBefore(window[0]) && event.isBefore(window[1])) {
              latency.recordValue(Math.max(0, Duration.between(event, now).toNanos() / 1000));
              received.incrementAndGet();
            }
          }
        });
    receiver.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      for (long account = 1; account <= accounts; account++) {
        for (int i = 0; i < perAccount; i++) {
          String url =
              "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook/" + account + "/" + i;
          HttpResponse<String> created =
              http.send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/webhooks/"))
                      .header("Authorization", "Bearer " + Dataset.token(account))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"url\":\"" + url + "\",\"events\":[\"SnapshotCreated\"]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (created.statusCode() != 201) {
            throw new IllegalStateException("endpoint not registered: " + created.body());
          }
        }
      }
      ScheduledExecutorService clock = Executors.newScheduledThreadPool(4);
      AtomicLong sent = new AtomicLong();
      Instant start = Instant.now();
      window[0] = start.plus(warmUp);
      window[1] = window[0].plus(measured);
      long periodMicros = 1_000_000L / createsPerSecond;
      clock.scheduleAtFixedRate(
          () -> {
            try {
              long server = load.nextIdleServer();
              if (load.createOverHttp(load.accountOfIdle(server), server).statusCode() == 201
                  && !Instant.now().isBefore(window[0])
                  && Instant.now().isBefore(window[1])) {
                sent.incrementAndGet();
              }
            } catch (Exception e) {
              // Counted as missing below: expected minus received.
            }
          },
          0,
          periodMicros,
          TimeUnit.MICROSECONDS);
      Thread.sleep(warmUp.plus(measured).toMillis());
      clock.shutdownNow();
      clock.awaitTermination(10, TimeUnit.SECONDS);
      Thread.sleep(5_000);
      return new Result(sent.get() * perAccount, received.get(), latency);
    } finally {
      receiver.stop(0);
    }
  }
}
