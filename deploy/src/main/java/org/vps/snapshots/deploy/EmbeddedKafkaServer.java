package org.vps.snapshots.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) run in a JVM process of its
 * own from the jars Maven copied to {@code deploy/embedded-kafka/target/lib}: no installation, no
 * Docker. It listens on 127.0.0.1 only. It can be stopped and started again on the same port and
 * data, as a broker outage would.
 */
public final class EmbeddedKafkaServer implements AutoCloseable {
  static final String LIBS_PROPERTY = "snapshots.embedded.kafka-libs";
  private static final Duration READY_WITHIN = Duration.ofSeconds(90);
  private static final Optional<Path> SETSID =
      Stream.of("/usr/bin/setsid", "/bin/setsid")
          .map(Path::of)
          .filter(Files::isExecutable)
          .findFirst();

  private final Path libs;
  private final Path home;
  private final int port;
  private Process process;

  private EmbeddedKafkaServer(Path libs, Path home, int port) {
    this.libs = libs;
    this.home = home;
    this.port = port;
  }

  /** Formats a fresh data directory and starts the broker; returns once it accepts clients. */
  public static EmbeddedKafkaServer start() {
    try {
      Path home = Files.createTempDirectory("snapshots-kafka-");
      int port = freePort();
      int controllerPort = freePort();
      EmbeddedKafkaServer server = new EmbeddedKafkaServer(findLibs(), home, port);
      server.writeConfiguration(controllerPort);
      server.run(
          "kafka.tools.StorageTool",
          "format",
          "-t",
          clusterId(),
          "-c",
          home.resolve("server.properties").toString());
      // Before the launch: a broker that never comes up is still ended when the JVM exits.
      StopAtExit.register("embedded Kafka broker", server::close);
      server.startBroker();
      server.createTopics();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded Kafka broker did not start", e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Stops the broker process, keeping its port and data for {@link #startAgain()}. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
    process = null;
  }

  /** Starts the broker again after {@link #stop()}, on the same port and data. */
  public synchronized void startAgain() {
    startBroker();
  }

  /** Ends the broker and deletes its data: nothing is left for a graceful stop to keep. */
  @Override
  public synchronized void close() {
    kill();
    process = null;
    deleteRecursively(home);
  }

  private void kill() {
    if (process == null) {
      return;
    }
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void startBroker() {
    process =
        launch(List.of("kafka.Kafka", home.resolve("server.properties").toString()), "broker.log");
    Instant giveUp = Instant.now().plus(READY_WITHIN);
    while (!accepts(port)) {
      if (!process.isAlive() || Instant.now().isAfter(giveUp)) {
        kill();
        throw new IllegalStateException(
            "the embedded Kafka broker did not come up; see " + home.resolve("broker.log"));
      }
      pause(Duration.ofMillis(200));
    }
  }

  /** The service's topics, made up front so that no client waits for them to appear. */
  private void createTopics() {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("snapshots.events", 3, (short) 1),
                  new NewTopic("snapshots.work", 3, (short) 1),
                  new NewTopic("snapshots.work.dlq", 1, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the embedded broker's topics could not be made", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making topics", e);
    }
  }

  private void run(String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(mainClass));
    command.addAll(List.of(args));
    Process tool = launch(command, "storage-tool.log");
    try {
      if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
        throw new IllegalStateException(
            "formatting the Kafka data directory failed; see " + home.resolve("storage-tool.log"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while formatting Kafka storage", e);
    }
  }

  private Process launch(List<String> mainAndArgs, String logFile) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    // A session of its own: the Ctrl-C of a terminal reaches the service, which stops first and
    // then stops the broker (StopAtExit), instead of reaching the broker too while the service
    // still uses it. setsid execs in place, so the process is still the broker's.
    SETSID.ifPresent(setsid -> command.add(setsid.toString()));
    command.addAll(
        List.of(
            java,
            "-Xms128m",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"),
            "-Dkafka.logs.dir=" + home,
            "-cp",
            libs + "/*"));
    command.addAll(mainAndArgs);
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(logFile).toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not launch " + java, e);
    }
  }

  private void writeConfiguration(int controllerPort) throws IOException {
    Files.writeString(
        home.resolve("server.properties"),
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=PLAINTEXT",
            "log.dirs=" + home.resolve("data"),
            "num.partitions=3",
            // One broker: every replication factor is 1.
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "default.replication.factor=1",
            "min.insync.replicas=1",
            "group.initial.rebalance.delay.ms=0",
            ""));
    Files.writeString(
        home.resolve("log4j2.properties"),
        String.join(
            "\n",
            "rootLogger.level=WARN",
            "rootLogger.appenderRef.file.ref=file",
            "appender.file.type=File",
            "appender.file.name=file",
            "appender.file.fileName=" + home.resolve("kafka.log"),
            "appender.file.layout.type=PatternLayout",
            "appender.file.layout.pattern=%d %p %c - %m%n",
            ""));
  }

  /** The broker's jars: configured, or found beside this module's build output. */
  static Path findLibs() {
    Optional<Path> configured =
        Optional.ofNullable(System.getProperty(LIBS_PROPERTY))
            .or(() -> Optional.ofNullable(System.getenv("SNAPSHOTS_EMBEDDED_KAFKA_LIBS")))
            .map(Path::of);
    if (configured.isPresent()) {
      return configured.get();
    }
    return findLibs(EmbeddedKafkaServer.class.getProtectionDomain().getCodeSource());
  }

  /**
   * Beside the jar or classes of {@code code} (the packaged service, tests); from the working
   * directory where a class loader gives no location (dev mode's continuous testing).
   */
  static Path findLibs(java.security.CodeSource code) {
    List<Path> starts = new ArrayList<>();
    if (code != null && code.getLocation() != null) {
      try {
        starts.add(Path.of(code.getLocation().toURI()));
      } catch (URISyntaxException | RuntimeException e) {
        throw new IllegalStateException("cannot tell where the service runs from", e);
      }
    }
    starts.add(Path.of("").toAbsolutePath());
    for (Path start : starts) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        for (Path candidate :
            List.of(
                dir.resolve("embedded-kafka/target/lib"),
                dir.resolve("deploy/embedded-kafka/target/lib"))) {
          if (Files.isDirectory(candidate)) {
            return candidate;
          }
        }
      }
    }
    throw new IllegalStateException(
        "the embedded Kafka broker's jars are missing: build with ./mvnw package, or set "
            + LIBS_PROPERTY);
  }

  /**
   * A new cluster id in Kafka's own form, which never begins with '-' (the storage tool would read
   * such an id as an option and refuse to format: one start in 64 failed so).
   */
  static String clusterId() {
    return org.apache.kafka.common.Uuid.randomUuid().toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
