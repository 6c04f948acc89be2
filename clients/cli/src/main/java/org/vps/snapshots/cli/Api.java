package org.vps.snapshots.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vps.snapshots.client.ApiClient;
import org.vps.snapshots.client.ApiException;
import org.vps.snapshots.client.api.OperationsApi;
import org.vps.snapshots.client.api.ServersApi;
import org.vps.snapshots.client.api.SnapshotsApi;
import org.vps.snapshots.client.model.Problem;

/**
 * The generated SDK on one context's URL and token. A request whose connection failed is sent again
 * (with the same {@code Idempotency-Key} where it has one, so that nothing is done twice); an
 * answer that is an error becomes a {@link CliFailure} with the API's detail, field errors and
 * request id.
 */
final class Api {
  private static final int ATTEMPTS = 3;

  /** One request to the API. */
  @FunctionalInterface
  interface Call<T> {
    T send() throws ApiException;
  }

  private final ApiClient client;
  private final String url;
  private final PrintStream err;
  private final SnapshotsApi snapshots;
  private final OperationsApi operations;
  private final ServersApi servers;

  Api(Contexts.Target target, PrintStream err) {
    this.url = target.url();
    this.err = err;
    this.client = new ApiClient();
    // One request at a time: HTTP/1.1 spares plain-http endpoints the upgrade to HTTP/2.
    client.setHttpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
    client.updateBaseUri(target.url());
    client.setConnectTimeout(Duration.ofSeconds(10));
    client.setReadTimeout(Duration.ofSeconds(60));
    client.setRequestInterceptor(
        request ->
            request
                .header("Authorization", "Bearer " + target.token())
                .header("User-Agent", "snapctl"));
    this.snapshots = new SnapshotsApi(client);
    this.operations = new OperationsApi(client);
    this.servers = new ServersApi(client);
  }

  SnapshotsApi snapshots() {
    return snapshots;
  }

  OperationsApi operations() {
    return operations;
  }

  ServersApi servers() {
    return servers;
  }

  /** Sends the request, again up to twice when its connection fails, and maps a refusal. */
  <T> T call(Call<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.send();
      } catch (ApiException e) {
        if (!(e.getCode() == 0 && e.getCause() instanceof IOException) || attempt == ATTEMPTS) {
          throw failure(e);
        }
        err.printf("connection to %s failed (%s); trying again%n", url, reason(e.getCause()));
        pause(Duration.ofSeconds(attempt));
      }
    }
  }

  /**
   * The results of page {@code first}, and with {@code all} of every page after it, following
   * {@code next} until the API says there is none.
   */
  <P, T> List<T> pages(
      PageCall<P> page,
      Function<P, List<T>> results,
      Function<P, Object> next,
      int first,
      boolean all) {
    List<T> collected = new ArrayList<>();
    for (int number = first; ; number++) {
      int current = number;
      P answer = call(() -> page.page(current));
      collected.addAll(results.apply(answer) == null ? List.of() : results.apply(answer));
      if (!all || next.apply(answer) == null) {
        return collected;
      }
    }
  }

  /** One page of a list, by number. */
  @FunctionalInterface
  interface PageCall<P> {
    P page(int number) throws ApiException;
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(CliFailure.UNAVAILABLE, "interrupted");
    }
  }

  private CliFailure failure(ApiException e) {
    if (e.getCode() == 0) {
      return new CliFailure(
          CliFailure.UNAVAILABLE, "cannot reach " + url + ": " + reason(e.getCause()));
    }
    Problem problem = problem(e.getResponseBody());
    StringBuilder message = new StringBuilder();
    String detail = firstOf(problem.getDetail(), problem.getTitle(), "HTTP " + e.getCode());
    message.append(detail);
    if (problem.getCode() != null) {
      message.append(" (").append(problem.getCode()).append(')');
    }
    if (problem.getErrors() != null) {
      problem
          .getErrors()
          .forEach(
              (field, errors) ->
                  errors.forEach(
                      error -> message.append("\n  ").append(field).append(": ").append(error)));
    }
    String requestId =
        firstOf(problem.getRequestId(), header(e.getResponseHeaders(), "X-Request-Id"));
    if (requestId != null) {
      message.append("\nrequest id: ").append(requestId);
    }
    return new CliFailure(
        exitCodeOf(e.getCode()),
        message.toString(),
        problem.getCode(),
        retryAfter(e.getResponseHeaders()));
  }

  private static int exitCodeOf(int status) {
    return switch (status) {
      case 404, 410 -> CliFailure.NOT_FOUND;
      case 401, 403 -> CliFailure.AUTH;
      default -> status >= 500 ? CliFailure.UNAVAILABLE : CliFailure.REFUSED;
    };
  }

  private Problem problem(String body) {
    if (body == null || body.isBlank()) {
      return new Problem();
    }
    try {
      return client.getObjectMapper().readValue(body, Problem.class);
    } catch (IOException e) {
      return new Problem().detail(body.strip());
    }
  }

  private static Duration retryAfter(HttpHeaders headers) {
    String value = header(headers, "Retry-After");
    if (value == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String header(HttpHeaders headers, String name) {
    return headers == null ? null : headers.firstValue(name).orElse(null);
  }

  private static String reason(Throwable cause) {
    List<String> reasons = new ArrayList<>();
    for (Throwable t = cause; t != null && reasons.size() < 3; t = t.getCause()) {
      if (t.getMessage() != null && !reasons.contains(t.getMessage())) {
        reasons.add(t.getMessage());
      }
    }
    return reasons.isEmpty() ? cause.getClass().getSimpleName() : String.join(": ", reasons);
  }

  @SafeVarargs
  private static <T> T firstOf(T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
