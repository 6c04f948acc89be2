package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mvnw quarkus:dev} from the root of a copy of the sources without any build output, as a
 * new contributor runs it: the embedded default answers the documentation's request, an edit to a
 * domain rule's message shows in the next answer without a restart of the JVM or of the embedded
 * servers, and ending dev mode stops them.
 */
class DevModeIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Set<String> NOT_COPIED = Set.of("target", ".git", "results");
  private static final Path RULE_MESSAGES =
      Path.of("domain/src/main/java/org/vps/snapshots/domain/snapshot/RuleViolationException.java");
  private static final String DUPLICATE =
      "{\"server_id\": 12345, \"name\": \"pre-migration-snapshot\"}";

  @Test
  void devModeFromTheRootReloadsAnEditToTheDomainAndKeepsTheEmbeddedServers(@TempDir Path copy)
      throws Exception {
    copySources(Path.of("..").toAbsolutePath().normalize(), copy);
    int port = PackagedApp.freePort();
    Path log = Path.of("target", "dev-mode.log").toAbsolutePath();
    Process maven = startDevMode(copy, port, log);
    List<ProcessHandle> started = new ArrayList<>();
    try {
      String token =
          await("the embedded default's write token")
              .atMost(Duration.ofMinutes(8))
              .pollInterval(Duration.ofSeconds(2))
              .until(() -> writeToken(log, maven), t -> t != null);
      URI snapshots = URI.create("http://127.0.0.1:" + port + "/api/v1/snapshots/");

      HttpResponse<String> list =
          await("the first answer")
              .atMost(Duration.ofMinutes(3))
              .ignoreExceptions()
              .until(
                  () -> send(token, "GET", snapshots.resolve("?server_id=12345"), null),
                  r -> r.statusCode() == 200);
      assertThat(list.body()).contains("\"count\":2", "\"id\":801", "\"id\":798");
      assertThat(send(token, "POST", snapshots, DUPLICATE).body())
          .contains("already has a snapshot named 'pre-migration-snapshot'");

      Path rules = copy.resolve(RULE_MESSAGES);
      String source = Files.readString(rules);
      assertThat(source).contains("already has a snapshot named '");
      Files.writeString(
          rules,
          source.replace("already has a snapshot named '", "already has a snapshot called '"));

      HttpResponse<String> reloaded =
          await("the edited message")
              .atMost(Duration.ofMinutes(3))
              .pollInterval(Duration.ofSeconds(3))
              .ignoreExceptions()
              .until(
                  () -> send(token, "POST", snapshots, DUPLICATE),
                  r -> r.statusCode() == 400 && r.body().contains("called"));
      assertThat(reloaded.body())
          .contains("already has a snapshot called 'pre-migration-snapshot'", "duplicate_name");

      String output = Files.readString(log);
      assertThat(output).contains("Restarting quarkus due to changes in RuleViolationException");
      assertThat(occurrences(output, "the embedded default provides PostgreSQL and Kafka"))
          .as("the embedded servers start once, not on each reload")
          .isEqualTo(1);
      int broker = kafkaPort(output);
      assertThat(EmbeddedKafkaServer.accepts(broker)).isTrue();

      started.addAll(maven.descendants().toList());
      end(maven);
      await("the embedded broker stopped with dev mode")
          .atMost(Duration.ofMinutes(1))
          .until(() -> !EmbeddedKafkaServer.accepts(broker));
    } catch (ConditionTimeoutException | AssertionError failed) {
      throw new AssertionError(
          failed.getMessage() + "\nwhat dev mode printed last (" + log + "):\n" + tail(log),
          failed);
    } finally {
      kill(maven, started);
    }
  }

  private static Process startDevMode(Path root, int port, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("mvnw").toString());
    command.addAll(
        List.of(
            "--batch-mode",
            "--no-transfer-progress",
            "quarkus:dev",
            "-Dquarkus.console.enabled=false",
            "-Ddebug=false",
            "-Dquarkus.analytics.disabled=true",
            "-Dquarkus.http.port=" + port,
            "-Dquarkus.management.port=" + PackagedApp.freePort()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    // The copy runs on the embedded default whatever this build was pointed at.
    builder
        .environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("QUARKUS_")
                    || k.startsWith("SNAPSHOTS_")
                    || k.startsWith("KAFKA_")
                    || k.equals("MAVEN_ARGS"));
    return builder.start();
  }

  private static String writeToken(Path log, Process maven) throws IOException {
    if (!maven.isAlive()) {
      throw new IllegalStateException("dev mode ended; see " + log);
    }
    Matcher token =
        Pattern.compile("Write token\\s+(snp_\\S+)")
            .matcher(Files.exists(log) ? Files.readString(log) : "");
    return token.find() ? token.group(1) : null;
  }

  private static int kafkaPort(String output) {
    Matcher broker =
        Pattern.compile("Embedded Kafka broker listens on [^:]+:(\\d+)").matcher(output);
    assertThat(broker.find()).as("the broker's address in the log").isTrue();
    return Integer.parseInt(broker.group(1));
  }

  private static HttpResponse<String> send(String token, String method, URI uri, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The sources as a fresh clone has them: no build output, no recorded results. */
  private static void copySources(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path relative = from.relativize(path);
        boolean skipped = false;
        for (Path part : relative) {
          skipped |= NOT_COPIED.contains(part.toString());
        }
        if (skipped || relative.toString().isEmpty()) {
          continue;
        }
        Path target = to.resolve(relative);
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** Ends dev mode as Ctrl+C does: Maven and the application's JVM, nothing they started. */
  private static void end(Process maven) throws InterruptedException {
    maven.children().forEach(ProcessHandle::destroy);
    maven.destroy();
    assertThat(maven.waitFor(90, TimeUnit.SECONDS)).as("dev mode ended").isTrue();
  }

  /** Whatever is left of the process tree, after a failure. */
  private static void kill(Process maven, List<ProcessHandle> started) {
    maven.descendants().forEach(ProcessHandle::destroyForcibly);
    started.forEach(ProcessHandle::destroyForcibly);
    maven.destroyForcibly();
  }

  private static int occurrences(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  /** The last lines dev mode printed, for a failure's message. */
  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException | UncheckedIOException unreadable) {
      return "(" + log + " unreadable: " + unreadable + ")";
    }
  }
}
