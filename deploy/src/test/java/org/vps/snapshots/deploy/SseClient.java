package org.vps.snapshots.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A Server-Sent Events client as a browser's EventSource reads a stream, for the tests. */
final class SseClient {
  record Event(String name, String id, String data) {}

  /** The answer's status, content type, and every event until the server ended the stream. */
  record Stream(int status, String contentType, List<Event> events) {}

  private SseClient() {}

  /** Opens {@code url}; {@code opened} runs once the answer's head arrived. */
  static CompletableFuture<Stream> open(String url, String token, Runnable opened) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    return HttpClient.newHttpClient()
        .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
        .thenApplyAsync(
            response -> {
              opened.run();
              return new Stream(
                  response.statusCode(),
                  response.headers().firstValue("content-type").orElse(""),
                  events(response.body()));
            });
  }

  /** Reads a whole stream, which must end within {@code max}. */
  static Stream read(String url, String token, Duration max) throws Exception {
    return open(url, token, () -> {}).get(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static List<Event> events(java.util.stream.Stream<String> lines) {
    List<Event> events = new ArrayList<>();
    String[] current = new String[3];
    StringBuilder data = new StringBuilder();
    lines.forEach(
        line -> {
          if (line.isEmpty()) {
            if (data.length() > 0) {
              events.add(new Event(current[0], current[1], data.toString()));
            }
            current[0] = null;
            current[1] = null;
            data.setLength(0);
          } else if (line.startsWith("event:")) {
            current[0] = line.substring(6).strip();
          } else if (line.startsWith("id:")) {
            current[1] = line.substring(3).strip();
          } else if (line.startsWith("data:")) {
            data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).strip());
          }
        });
    return events;
  }
}
