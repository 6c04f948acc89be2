package org.vps.snapshots.deploy;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code quarkus-run.jar}) run as its own process, as operators run it; also
 * the service the command-line client's tests run against (clients/cli, through this test jar).
 */
public final class PackagedApp implements AutoCloseable {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int LOWEST_CHOSEN_PORT = 10_000;
  private static final Random PORTS = new Random();

  private final Process process;
  private final int port;
  private final int managementPort;
  final Path log;

  private PackagedApp(Process process, int port, int managementPort, Path log) {
    this.process = process;
    this.port = port;
    this.managementPort = managementPort;
    this.log = log;
  }

  /** Starts the jar with {@code environment} on a free port; does not wait for it. */
  public static PackagedApp start(String name, Map<String, String> environment) {
    return start(name, environment, false);
  }

  /**
   * Starts the jar as a shell starts a command: leading a process group of its own, which a
   * terminal's Ctrl-C (or a process manager stopping a group) signals as a whole.
   */
  static PackagedApp startLeadingItsGroup(String name, Map<String, String> environment) {
    return start(name, environment, true);
  }

  private static PackagedApp start(
      String name, Map<String, String> environment, boolean leadingItsGroup) {
    Path jar = Path.of(System.getProperty("packaged.jar", "target/quarkus-app/quarkus-run.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException("package the service first: " + jar + " is missing");
    }
    try {
      int port = freePort();
      int managementPort = freePort();
      Path log = Path.of("target", "packaged-" + name + ".log");
      List<String> command = new ArrayList<>();
      if (leadingItsGroup) {
        command.add("setsid");
      }
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.add("-Xmx256m");
      command.add("-XX:+ExitOnOutOfMemoryError");
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
      env.putAll(environment);
      env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
      env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
      return new PackagedApp(builder.start(), port, managementPort, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment that points the service at the test's PostgreSQL and Kafka. */
  static Map<String, String> environmentFor(Map<String, String> postgres, String kafka) {
    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.get("quarkus.datasource.jdbc.url"));
    env.put("QUARKUS_DATASOURCE_USERNAME", postgres.get("quarkus.datasource.username"));
    env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.get("quarkus.datasource.password"));
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
    env.put("SNAPSHOTS_ADMIN_TOKEN", Platform.ADMIN_TOKEN);
    return env;
  }

  public PackagedApp awaitReady() {
    await("the service answering; its log: " + log)
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException("the service exited; see " + log);
              }
              try {
                return get("/api/v1/servers/", null).statusCode() > 0;
              } catch (IOException e) {
                return false;
              }
            });
    return this;
  }

  /** The address of {@code path}: health, metrics and the API document on the management port. */
  public String url(String path) {
    return "http://127.0.0.1:" + (path.startsWith("/q/") ? managementPort : port) + path;
  }

  /** Any request on the public listener, with the given headers and body (none when null). */
  HttpResponse<String> request(
      String method, String pathAndQuery, Map<String, String> headers, String body)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return send(request, null);
  }

  /** GET {@code path} on the public listener, whatever the path. */
  HttpResponse<String> getPublic(String path, String token) throws IOException {
    return getOn(port, path, token);
  }

  /** GET {@code path} on a port of this machine. */
  static HttpResponse<String> getOn(int port, String path, String token) throws IOException {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET(), token);
  }

  HttpResponse<String> get(String path, String token) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(url(path))).GET(), token);
  }

  HttpResponse<String> post(String path, String token, String json) throws IOException {
    return send(
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)),
        token);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String token)
      throws IOException {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Kills the process as {@code kill -9} would: no shutdown hook, no goodbye. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** The processes it started and that still run: the embedded default's broker and database. */
  List<ProcessHandle> descendants() {
    return process.descendants().toList();
  }

  /** Sends SIGTERM to its whole process group (see {@link #startLeadingItsGroup}). */
  void terminateItsGroup() throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-TERM", "--", "-" + process.pid()).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill refused to signal the group of " + process.pid());
    }
  }

  /** Sends SIGTERM to it alone, as {@code kill PID} or a container's stop does. */
  void terminate() {
    process.destroy();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int awaitExit(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the service did not exit within " + within);
    }
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  /**
   * Stops the service as operators do, and waits for it: on the embedded default that includes
   * stopping its PostgreSQL and broker, which a forced kill would leave running.
   */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /**
   * A port nothing listens on, taken below the kernel's ephemeral range: the process given it binds
   * it seconds to minutes later, and in that time no port the kernel hands out (to an embedded
   * server's own free-port probe, to an outgoing connection) can be this one.
   */
  public static int freePort() throws IOException {
    int ephemeral = ephemeralRangeStart();
    if (ephemeral - LOWEST_CHOSEN_PORT < 1_000) {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      }
    }
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = LOWEST_CHOSEN_PORT + PORTS.nextInt(ephemeral - LOWEST_CHOSEN_PORT);
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // another one
      }
    }
    throw new IOException("no free port from " + LOWEST_CHOSEN_PORT + " to " + ephemeral);
  }

  private static int ephemeralRangeStart() {
    try {
      return Integer.parseInt(
          // Files.readString stops after one byte of this file (a procfs sysctl); lines do not.
          Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
              .get(0)
              .trim()
              .split("\\s+")[0]);
    } catch (IOException | RuntimeException unknown) {
      return 32_768;
    }
  }
}
