package org.vps.snapshots.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.vps.snapshots.client.ApiClient;
import org.vps.snapshots.client.ApiException;
import org.vps.snapshots.client.api.OperatorApi;
import org.vps.snapshots.client.model.CreateAccount;
import org.vps.snapshots.client.model.IssueToken;
import org.vps.snapshots.client.model.RegisterServer;

/**
 * The packaged service ({@code deploy/target/quarkus-app/quarkus-run.jar}) on its embedded default
 * (its own PostgreSQL and Kafka broker), as its own process on free ports, and set up through its
 * operator API with the generated SDK.
 */
final class Service implements AutoCloseable {
  private static final String ADMIN_TOKEN = "dev-admin-token";
  private static final AtomicLong SERVER_IDS = new AtomicLong(60_000);

  private final Process process;
  private final Path log;
  final String url;

  private Service(Process process, Path log, String url) {
    this.process = process;
    this.log = log;
    this.url = url;
  }

  /** Starts the service with {@code settings} added to its environment; does not wait for it. */
  static Service start(String name, Map<String, String> settings) {
    Path jar = Path.of(System.getProperty("service.jar", "missing"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the service first: " + jar + " is missing");
    }
    try {
      int port = freePort();
      Path log = Path.of("target", "service-" + name + ".log");
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.add("-Xmx256m");
      command.add("-jar");
      command.add(jar.toString());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      Map<String, String> env = builder.environment();
      env.keySet()
          .removeIf(
              k ->
                  k.startsWith("QUARKUS_") || k.startsWith("SNAPSHOTS_") || k.startsWith("KAFKA_"));
      env.putAll(settings);
      env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
      env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(freePort()));
      return new Service(builder.start(), log, "http://127.0.0.1:" + port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the API answers. */
  Service awaitReady() {
    HttpClient http = HttpClient.newHttpClient();
    await("the service at " + url + " answering; its log: " + log)
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException("the service exited; see " + log);
              }
              try {
                http.send(
                    HttpRequest.newBuilder(URI.create(url + "/api/v1/servers/")).build(),
                    HttpResponse.BodyHandlers.discarding());
                return true;
              } catch (IOException notYet) {
                return false;
              }
            });
    return this;
  }

  /** A new account with a write token, and its servers. */
  record Account(String token, List<Long> servers) {}

  /** Registers a new account with {@code servers} running servers, through the operator API. */
  Account account(String name, int servers) throws ApiException {
    ApiClient client = new ApiClient();
    client.updateBaseUri(url);
    client.setRequestInterceptor(r -> r.header("Authorization", "Bearer " + ADMIN_TOKEN));
    OperatorApi operator = new OperatorApi(client);
    long account = operator.createAccount(new CreateAccount().name(name)).getId();
    String token =
        operator.issueToken(account, new IssueToken().scope(IssueToken.ScopeEnum.WRITE)).getToken();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < servers; i++) {
      long id = SERVER_IDS.incrementAndGet();
      operator.registerServer(
          new RegisterServer().id(id).accountId(account).name(name + "-" + i).status("running"));
      ids.add(id);
    }
    return new Account(token, ids);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
