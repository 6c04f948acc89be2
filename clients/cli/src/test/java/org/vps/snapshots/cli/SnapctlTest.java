package org.vps.snapshots.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** snapctl's commands against the real service, on its embedded PostgreSQL and Kafka broker. */
class SnapctlTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Service service;
  private static Service failing;

  @TempDir Path config;

  /** What one command line printed and how it exited. */
  record Result(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  @BeforeAll
  static void startServices() throws Exception {
    Map<String, String> quick =
        Map.of(
            "SNAPSHOTS_ENGINE_SIMULATED_SNAPSHOT_DURATION", "2s",
            "SNAPSHOTS_ENGINE_SIMULATED_RESTORE_DURATION", "2s");
    Map<String, String> failingJobs = new HashMap<>(quick);
    failingJobs.put("SNAPSHOTS_ENGINE_SIMULATED_FAILURE_RATE", "1");
    service = Service.start("cli", quick);
    failing = Service.start("cli-failing", failingJobs);
    service.awaitReady();
    failing.awaitReady();
  }

  @AfterAll
  static void stopServices() {
    CompletableFuture.allOf(
            CompletableFuture.runAsync(() -> close(service)),
            CompletableFuture.runAsync(() -> close(failing)))
        .join();
  }

  @Test
  void aContextKeepsItsTokenReadableByItsOwnerOnlyAndCommandsUseIt() throws Exception {
    Service.Account account = service.account("contexts", 2);

    Result created =
        snapctl(
            Map.of(),
            "context",
            "create",
            "local",
            "--url",
            service.url + "/",
            "--token",
            account.token());
    Result listed = snapctl(Map.of(), "context", "list", "-o", "json");
    Result servers = snapctl(Map.of(), "server", "list", "-o", "json");

    assertThat(created.code()).isZero();
    Path file = config.resolve("config.toml");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains(account.token());
    assertThat(listed.out()).doesNotContain(account.token());
    assertThat(listed.json().get(0).get("url").asText()).isEqualTo(service.url);
    assertThat(listed.json().get(0).get("current").asBoolean()).isTrue();
    assertThat(servers.code()).isZero();
    assertThat(ids(servers.json())).containsExactlyInAnyOrderElementsOf(account.servers());
  }

  @Test
  void createAndRestoreWaitUntilTheirOperationsSucceedAndDeleteRemoves() throws Exception {
    Service.Account account = service.account("lifecycle", 1);
    String server = account.servers().get(0).toString();

    Result created =
        as(
            account,
            "snapshot",
            "create",
            "--server",
            server,
            "--name",
            "before-update",
            "--description",
            "Before the upgrade",
            "--wait",
            "--poll-interval",
            "200",
            "-o",
            "json");
    String id = created.json().get("id").asText();
    Result restored = as(account, "snapshot", "restore", id, "--wait", "--poll-interval", "200");
    Result shown = as(account, "snapshot", "get", id, "-o", "yaml");
    Result deleted = as(account, "snapshot", "delete", id, "--yes");
    Result gone = as(account, "snapshot", "get", id);

    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.json().get("status").asText()).isEqualTo("completed");
    assertThat(created.json().get("progress").asInt()).isEqualTo(100);
    assertThat(created.err()).contains("snapshot ").contains("succeeded, 100%");
    assertThat(restored.code()).as(restored.err()).isZero();
    assertThat(restored.err()).contains("restore ").contains("succeeded, 100%");
    assertThat(shown.out()).contains("status: completed").contains("name: before-update");
    assertThat(deleted.code()).isZero();
    assertThat(gone.code()).isEqualTo(CliFailure.NOT_FOUND);
    assertThat(gone.err()).contains("(not_found)").contains("request id: ");
  }

  @Test
  void aFailedOperationExitsOneWithItsReason() throws Exception {
    Service.Account account = failing.account("failing", 1);

    Result created =
        snapctl(
            Map.of("SNAPCTL_URL", failing.url, "SNAPCTL_TOKEN", account.token()),
            "snapshot",
            "create",
            "--server",
            account.servers().get(0).toString(),
            "--name",
            "doomed",
            "--wait",
            "--poll-interval",
            "200");

    assertThat(created.code()).isEqualTo(CliFailure.JOB_FAILED);
    assertThat(created.err()).containsPattern("Error: operation \\d+ failed: \\S+");
  }

  @Test
  void everyKindOfErrorHasItsExitCodeAndSaysWhy() throws Exception {
    Service.Account account = service.account("errors", 1);
    String server = account.servers().get(0).toString();

    Result usage = as(account, "snapshot", "create", "--server", server);
    Result notFound = as(account, "operation", "get", "987654321");
    Result refused = as(account, "snapshot", "create", "--server", server, "--name", "not a name!");
    Result unauthenticated =
        snapctl(
            Map.of("SNAPCTL_URL", service.url, "SNAPCTL_TOKEN", "snp_not-a-token"),
            "snapshot",
            "list");
    Result unreachable =
        snapctl(
            Map.of("SNAPCTL_URL", "http://127.0.0.1:" + Service.freePort(), "SNAPCTL_TOKEN", "x"),
            "server",
            "list");
    Result noContext = snapctl(Map.of(), "server", "list");

    assertThat(usage.code()).isEqualTo(CliFailure.USAGE);
    assertThat(usage.err()).contains("--name");
    assertThat(notFound.code()).isEqualTo(CliFailure.NOT_FOUND);
    assertThat(refused.code()).isEqualTo(CliFailure.REFUSED);
    assertThat(refused.err()).contains("(invalid)").contains("  name: ").contains("request id: ");
    assertThat(unauthenticated.code()).isEqualTo(CliFailure.AUTH);
    assertThat(unauthenticated.err()).contains("(not_authenticated)");
    assertThat(unreachable.code()).isEqualTo(CliFailure.UNAVAILABLE);
    assertThat(unreachable.err()).contains("cannot reach http://127.0.0.1:");
    assertThat(noContext.code()).isEqualTo(CliFailure.USAGE);
    assertThat(noContext.err()).contains("snapctl context create");
  }

  @Test
  void aBusyServerIsRefusedAndWithRetryWaitedOut() throws Exception {
    Service.Account account = service.account("busy", 1);
    String server = account.servers().get(0).toString();

    Result first = as(account, "snapshot", "create", "--server", server, "--name", "first");
    Result refused = as(account, "snapshot", "create", "--server", server, "--name", "second");
    Result retried =
        as(
            account,
            "snapshot",
            "create",
            "--server",
            server,
            "--name",
            "third",
            "--retry",
            "-o",
            "json");

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(refused.code()).isEqualTo(CliFailure.REFUSED);
    assertThat(refused.err()).contains("(operation_in_progress)");
    assertThat(retried.code()).as(retried.err()).isZero();
    assertThat(retried.err()).contains("(operation_in_progress); trying again in ");
    assertThat(retried.json().get("name").asText()).isEqualTo("third");
  }

  @Test
  void aCreateRetriedAfterADroppedConnectionMakesOneSnapshot() throws Exception {
    Service.Account account = service.account("dropped", 1);
    String server = account.servers().get(0).toString();

    Result created;
    try (DroppingProxy proxy = new DroppingProxy(service.url, 1)) {
      created =
          snapctl(
              Map.of("SNAPCTL_URL", proxy.url(), "SNAPCTL_TOKEN", account.token()),
              "snapshot",
              "create",
              "--server",
              server,
              "--name",
              "once",
              "-o",
              "json");
      assertThat(proxy.dropped).hasValue(1);
    }
    Result listed = as(account, "snapshot", "list", "--server", server, "-o", "json");

    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.err()).contains("trying again");
    assertThat(listed.json()).hasSize(1);
    assertThat(ids(listed.json())).containsExactly(created.json().get("id").asLong());
  }

  @Test
  void allFollowsEveryPage() throws Exception {
    Service.Account account = service.account("pages", 3);

    Result onePage = as(account, "server", "list", "--page-size", "1", "-o", "json");
    Result all = as(account, "server", "list", "--page-size", "1", "--all", "-o", "json");
    Result table = as(account, "server", "list", "--all");

    assertThat(ids(onePage.json())).hasSize(1);
    assertThat(ids(all.json())).containsExactlyInAnyOrderElementsOf(account.servers());
    assertThat(table.out().lines().toList())
        .hasSize(4)
        .first()
        .asString()
        .matches("ID\\s+NAME\\s+STATUS");
  }

  @Test
  void onATerminalWaitDrawsABarWhoseProgressOnlyGrows() throws Exception {
    Service.Account account = service.account("terminal", 1);
    String command =
        String.join(
            " ",
            ProcessHandle.current().info().command().orElse("java"),
            "-cp",
            System.getProperty("java.class.path"),
            Snapctl.class.getName(),
            "snapshot",
            "create",
            "--server",
            account.servers().get(0).toString(),
            "--name",
            "on-a-terminal",
            "--wait",
            "--poll-interval",
            "100");
    ProcessBuilder pty =
        new ProcessBuilder("script", "-q", "-e", "-c", command, "/dev/null")
            .redirectErrorStream(true);
    pty.environment().put("SNAPCTL_URL", service.url);
    pty.environment().put("SNAPCTL_TOKEN", account.token());
    pty.environment().put("SNAPCTL_CONFIG_DIR", config.toString());
    Process process = pty.start();
    String screen = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(screen).isZero();
    List<Integer> drawn = new ArrayList<>();
    Matcher bar = Pattern.compile("\r\\[[#.]{30}] +(\\d+)%").matcher(screen);
    while (bar.find()) {
      drawn.add(Integer.parseInt(bar.group(1)));
    }
    assertThat(drawn).as(screen).isSorted().contains(100).hasSizeGreaterThan(1);
    assertThat(drawn.stream().distinct().count()).as(screen).isGreaterThan(1);
  }

  private Result as(Service.Account account, String... args) {
    return snapctl(Map.of("SNAPCTL_URL", service.url, "SNAPCTL_TOKEN", account.token()), args);
  }

  private Result snapctl(Map<String, String> env, String... args) {
    Map<String, String> environment = new HashMap<>(env);
    environment.put("SNAPCTL_CONFIG_DIR", config.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Snapctl.run(
            args,
            environment,
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static List<Long> ids(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(node -> node.get("id").asLong())
        .toList();
  }

  private static void close(Service running) {
    try {
      if (running != null) {
        running.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
