package org.vps.snapshots.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.WebhookSender;
import org.vps.snapshots.domain.webhook.WebhookSecret;

/** The sender against a real HTTP server on this machine: what it sends, and where it will not. */
class HttpWebhookSenderTest {
  static final WebhookSecret SECRET = WebhookSecret.generate(new Random(3));

  Vertx vertx;
  HttpServer server;
  final List<String> paths = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    vertx = Vertx.vertx();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          paths.add(exchange.getRequestURI().getPath());
          exchange.getRequestBody().readAllBytes();
          switch (exchange.getRequestURI().getPath()) {
            case "/redirect" -> {
              exchange.getResponseHeaders().add("Location", url("/elsewhere").toString());
              exchange.sendResponseHeaders(302, -1);
            }
            case "/huge" -> {
              exchange.sendResponseHeaders(200, 0);
              // An answer that never ends: only a reader that stops at its limit gets on.
              byte[] chunk = new byte[1024];
              try {
                for (int i = 0; i < 100_000; i++) {
                  exchange.getResponseBody().write(chunk);
                  exchange.getResponseBody().flush();
                  Thread.sleep(10);
                }
              } catch (IOException | InterruptedException cutOff) {
                // The sender stopped reading: what this test expects.
              }
            }
            default -> exchange.sendResponseHeaders(204, -1);
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    vertx.close();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  static WebhookSender.Request request(URI url) {
    return new WebhookSender.Request(url, "msg_1", Instant.now(), "{\"a\":1}", List.of(SECRET));
  }

  static WebhookSender.Answer send(HttpWebhookSender sender, URI url) throws Exception {
    try {
      return sender.send(request(url)).toCompletableFuture().get(20, TimeUnit.SECONDS);
    } finally {
      sender.close();
    }
  }

  HttpWebhookSender sender(boolean insecureAllowed) {
    return new HttpWebhookSender(vertx, Duration.ofSeconds(5), 4096, 2, insecureAllowed);
  }

  @Test
  void aNameThatResolvesToLoopbackIsNeverConnectedTo() throws Exception {
    URI byName = URI.create("https://localhost:" + server.getAddress().getPort() + "/in");

    WebhookSender.Answer answer = send(sender(false), byName);

    assertThat(answer.succeeded()).isFalse();
    assertThat(answer.statusCode()).isEmpty();
    assertThat(answer.error()).hasValueSatisfying(e -> assertThat(e).contains("loopback"));
    assertThat(paths).isEmpty();
  }

  @Test
  void plainHttpIsRefusedUnlessAllowed() throws Exception {
    assertThat(send(sender(false), url("/in")).succeeded()).isFalse();
    assertThat(paths).isEmpty();

    assertThat(send(sender(true), url("/in")).statusCode()).contains(204);
    assertThat(paths).containsExactly("/in");
  }

  @Test
  void aRedirectIsAnAnswerNotAPlaceToGo() throws Exception {
    WebhookSender.Answer answer = send(sender(true), url("/redirect"));

    assertThat(answer.statusCode()).contains(302);
    assertThat(answer.succeeded()).isFalse();
    assertThat(paths).containsExactly("/redirect");
  }

  @Test
  void aHugeAnswerIsCutOffAfterTheLimit() throws Exception {
    WebhookSender.Answer answer = send(sender(true), url("/huge"));

    assertThat(answer.statusCode()).contains(200);
    assertThat(answer.took()).isLessThan(Duration.ofSeconds(10));
  }

  /**
   * Under load an answer without a body (a 204) can be over before the sender reads it: Vert.x then
   * refuses handlers with "Response already ended". That is a delivered answer, not a failure (it
   * was retried, and so delivered twice, 16 times in 20,000 sends here).
   */
  @Test
  void anAnswerAlreadyOverWhenItIsReadCountsAsAnswered() throws Exception {
    io.vertx.core.http.HttpClientResponse ended =
        (io.vertx.core.http.HttpClientResponse)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {io.vertx.core.http.HttpClientResponse.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("statusCode")) {
                    return 204;
                  }
                  throw new IllegalStateException("Response already ended");
                });
    HttpWebhookSender sender = sender(true);
    try {
      assertThat(
              sender
                  .readBounded(ended)
                  .toCompletionStage()
                  .toCompletableFuture()
                  .get(5, TimeUnit.SECONDS))
          .isEqualTo(204);
    } finally {
      sender.close();
    }
  }

  @Test
  void everyValidSecretSignsTheIdTheTimestampAndTheBody() {
    WebhookSecret other = WebhookSecret.generate(new Random(4));

    String header =
        HttpWebhookSender.signature("msg_1", "1700000000", "{}", List.of(SECRET, other));

    assertThat(header.split(" ")).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("v1,"));
    assertThat(HttpWebhookSender.signature("msg_1", "1700000000", "{}", List.of(SECRET)))
        .isEqualTo(header.split(" ")[0])
        .isNotEqualTo(HttpWebhookSender.signature("msg_1", "1700000001", "{}", List.of(SECRET)));
    assertThat(
            new String(
                Base64.getDecoder().decode(header.split(" ")[0].substring(3)),
                StandardCharsets.ISO_8859_1))
        .hasSize(32);
  }
}
