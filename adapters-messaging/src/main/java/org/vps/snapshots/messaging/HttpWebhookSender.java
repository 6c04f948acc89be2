package org.vps.snapshots.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.vps.snapshots.application.port.WebhookSender;
import org.vps.snapshots.domain.webhook.ForbiddenAddresses;
import org.vps.snapshots.domain.webhook.WebhookSecret;

/**
 * Sends deliveries as Standard Webhooks do: {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature} ({@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body},
 * one per valid secret), the body a CloudEvent in structured mode.
 *
 * <p>Guarded against reaching inside: the URL's name is resolved at every send, refused if any of
 * its addresses is forbidden, and the connection goes to the address that was checked (the name
 * still serves for the Host header, SNI and the certificate), so a name that changes its answer
 * between the check and the connection cannot lead elsewhere. Redirects are not followed, each
 * attempt has a timeout, and no more than a few kilobytes of an answer are read.
 */
@ApplicationScoped
public class HttpWebhookSender implements WebhookSender {
  static final String CONTENT_TYPE = "application/cloudevents+json";
  private static final String USER_AGENT = "vps-snapshots-webhooks/1";
  private static final int KEEP_ALIVE_SECONDS = 3;

  private final HttpClient client;
  private final Duration timeout;
  private final int maxResponseBytes;
  private final boolean insecureAllowed;
  // Name lookups block: they get threads of their own, never the event loop's.
  private final ExecutorService resolver =
      Executors.newFixedThreadPool(
          4,
          task -> {
            Thread thread = new Thread(task, "webhook-resolver");
            thread.setDaemon(true);
            return thread;
          });

  @Inject
  public HttpWebhookSender(Vertx vertx, MessagingConfig config) {
    this(
        vertx,
        config.webhooks().timeout(),
        config.webhooks().maxResponseBytes(),
        config.webhooks().maxInFlight(),
        config.webhooks().allowInsecure());
  }

  HttpWebhookSender(
      Vertx vertx,
      Duration timeout,
      int maxResponseBytes,
      int connectionsPerHost,
      boolean insecureAllowed) {
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
    this.insecureAllowed = insecureAllowed;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setVerifyHost(true)
                .setTrustAll(false)
                .setForceSni(true)
                .setKeepAlive(true)
                // Below the idle timeouts receivers commonly have (5 s in Node.js): a connection
                // the receiver is closing is not taken for the next delivery.
                .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                // Many accounts' endpoints may share a host; the bound per endpoint is the claim's.
                .setMaxPoolSize(connectionsPerHost));
  }

  @Override
  public CompletionStage<Answer> send(Request request) {
    long started = System.nanoTime();
    return CompletableFuture.supplyAsync(() -> checkedAddress(request.url()), resolver)
        .thenCompose(
            address ->
                address.isEmpty()
                    ? CompletableFuture.completedFuture(null)
                    : post(request, address.get()).toCompletionStage())
        .handle(
            (status, failure) -> {
              Duration took = Duration.ofNanos(System.nanoTime() - started);
              if (failure != null) {
                return Answer.failed(reason(failure), took);
              }
              return status == null
                  ? Answer.failed(
                      "The URL's host resolves to a loopback, private or reserved address.", took)
                  : Answer.of(status, took);
            });
  }

  /** The address to connect to; empty when the host may not be reached. */
  private Optional<InetAddress> checkedAddress(URI url) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(url.getHost());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("The URL's host name does not resolve.");
    }
    if (!insecureAllowed
        && (!"https".equalsIgnoreCase(url.getScheme())
            || Arrays.stream(addresses).anyMatch(ForbiddenAddresses::forbidden))) {
      return Optional.empty();
    }
    return Optional.of(addresses[0]);
  }

  private Future<Integer> post(Request request, InetAddress address) {
    URI url = request.url();
    boolean https = "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String body = request.body();
    String timestamp = Long.toString(request.timestamp().getEpochSecond());
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(url.getHost())
            .setPort(port)
            .setSsl(https)
            .setURI(url.getRawQuery() == null ? path : path + "?" + url.getRawQuery())
            .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
            .setFollowRedirects(false)
            .setTimeout(timeout.toMillis())
            .putHeader("content-type", CONTENT_TYPE)
            .putHeader("user-agent", USER_AGENT)
            .putHeader("webhook-id", request.messageId())
            .putHeader("webhook-timestamp", timestamp)
            .putHeader(
                "webhook-signature",
                signature(request.messageId(), timestamp, body, request.secrets()));
    return client
        .request(options)
        .compose(sent -> sent.send(Buffer.buffer(body, StandardCharsets.UTF_8.name())))
        .compose(this::readBounded);
  }

  /** Reads the answer up to the limit, then lets the connection go; only the status counts. */
  Future<Integer> readBounded(HttpClientResponse response) {
    Promise<Integer> done = Promise.promise();
    long[] read = {0};
    try {
      attach(response, done, read);
    } catch (IllegalStateException ended) {
      // The whole answer came with its head (a 204, say): there is nothing left to read.
      return Future.succeededFuture(response.statusCode());
    }
    return done.future();
  }

  private void attach(HttpClientResponse response, Promise<Integer> done, long[] read) {
    response.handler(
        chunk -> {
          read[0] += chunk.length();
          if (read[0] > maxResponseBytes) {
            response.request().reset();
            done.tryComplete(response.statusCode());
          }
        });
    response.exceptionHandler(failure -> done.tryComplete(response.statusCode()));
    response.endHandler(end -> done.tryComplete(response.statusCode()));
  }

  /** One {@code v1,} signature per secret, separated by spaces, as the specification allows. */
  static String signature(String id, String timestamp, String body, List<WebhookSecret> secrets) {
    byte[] content = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
    return secrets.stream()
        .map(secret -> "v1," + Base64.getEncoder().encodeToString(hmac(secret.key(), content)))
        .collect(Collectors.joining(" "));
  }

  private static byte[] hmac(byte[] key, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private String reason(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null
        && (cause instanceof CompletionException || cause.getMessage() == null)) {
      cause = cause.getCause();
    }
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (message.toLowerCase(Locale.ROOT).contains("timeout")
        || message.toLowerCase(Locale.ROOT).contains("timed out")) {
      return "The endpoint did not answer within " + timeout.toMillis() + " ms.";
    }
    return message;
  }

  void stop(@Observes ShutdownEvent stopping) {
    close();
  }

  void close() {
    resolver.shutdownNow();
    client.close();
  }
}
