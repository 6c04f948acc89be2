package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose file and the Kubernetes manifests checked against the application's real port, health
 * paths and settings, so that they cannot drift apart.
 */
class DeploymentManifestsTest {
  static final Path DEPLOY = Path.of(".");
  static final Set<String> HEALTH_PATHS =
      Set.of("/q/health/live", "/q/health/ready", "/q/health/started");

  /**
   * Settings the service reads that neither application.properties lists with a value nor a
   * {@code @ConfigMapping} of the service declares.
   */
  static final Set<String> ALSO_KNOWN =
      Set.of(
          "QUARKUS_DATASOURCE_JDBC_URL",
          "QUARKUS_DATASOURCE_USERNAME",
          "QUARKUS_DATASOURCE_PASSWORD",
          "QUARKUS_HTTP_HOST",
          "QUARKUS_MANAGEMENT_HOST",
          "QUARKUS_LOG_CONSOLE_JSON_ENABLED",
          "JAVA_OPTS");

  static Properties applicationProperties() throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        DeploymentManifestsTest.class.getResourceAsStream("/application.properties")) {
      properties.load(in);
    }
    return properties;
  }

  static Set<String> knownEnvironmentNames() throws IOException {
    Set<String> known = new HashSet<>(ALSO_KNOWN);
    Set<String> keys = new HashSet<>(ConfigurationTableTest.declaredSettings().keySet());
    keys.addAll(applicationProperties().stringPropertyNames());
    for (String key : keys) {
      if (!key.startsWith("%")) {
        known.add(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
      }
    }
    return known;
  }

  static int httpPort() throws IOException {
    return Integer.parseInt(applicationProperties().getProperty("quarkus.http.port"));
  }

  static int managementPort() throws IOException {
    return Integer.parseInt(applicationProperties().getProperty("quarkus.management.port"));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  static List<Map<String, Object>> k8sDocuments() throws IOException {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (var files = Files.list(DEPLOY.resolve("k8s"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object document : new Yaml().loadAll(Files.readString(file))) {
          documents.add(map(document));
        }
      }
    }
    return documents;
  }

  @Test
  void composeRunsTheApiAndTheWorkerOnTheAppsPortHealthAndSettings() throws IOException {
    Map<String, Object> compose =
        map(new Yaml().load(Files.readString(DEPLOY.resolve("compose.yaml"))));
    Map<String, Object> services = map(compose.get("services"));
    assertThat(services)
        .containsKeys("postgres", "kafka", "kafka-topics", "api", "worker-1", "worker-2");

    Map<String, Object> api = map(services.get("api"));
    String adminPort = (String) map(api.get("environment")).get("SNAPSHOTS_ADMIN_PORT");
    assertThat(list(api.get("ports")))
        .containsExactly(
            "8080:" + httpPort(),
            "127.0.0.1:" + adminPort + ":" + adminPort,
            "127.0.0.1:" + managementPort() + ":" + managementPort());
    for (String role : List.of("api", "worker-1", "worker-2")) {
      assertThat(
              String.join(
                  " ",
                  list(map(map(services.get(role)).get("healthcheck")).get("test")).stream()
                      .map(Object::toString)
                      .toList()))
          .contains("/dev/tcp/127.0.0.1/" + managementPort() + " ")
          .contains(role.equals("api") ? "/q/health/ready" : "/q/health/live");
    }
    assertThat(map(api.get("environment"))).containsEntry("SNAPSHOTS_RATE_LIMIT_ENABLED", "true");
    assertThat(map(api.get("environment"))).containsEntry("SNAPSHOTS_WORKERS_ENABLED", "false");
    for (String worker : List.of("worker-1", "worker-2")) {
      assertThat(map(map(services.get(worker)).get("environment")))
          .containsEntry("SNAPSHOTS_API_ENABLED", "false");
    }
    assertThat(map(api.get("depends_on"))).containsKeys("postgres", "kafka-topics");

    Set<String> known = knownEnvironmentNames();
    for (String role : List.of("api", "worker-1", "worker-2")) {
      Map<String, Object> environment = map(map(services.get(role)).get("environment"));
      assertThat(known).as("settings of %s", role).containsAll(environment.keySet());
      environment.forEach(
          (name, value) -> {
            if (name.contains("PASSWORD") || name.contains("TOKEN")) {
              assertThat(value.toString()).as(name).startsWith("${");
            }
          });
    }
  }

  /**
   * What a node's stop takes besides its jobs' grace: its consumers, relay and producers finish
   * (about 10 s measured, mostly the Kafka consumers' close), with room to spare.
   */
  static final Duration DRAIN = Duration.ofSeconds(15);

  @Test
  void composeAndKubernetesWaitForAStoppingNodeToGiveItsJobsBackBeforeTheyKillIt()
      throws IOException {
    Duration jobs =
        seconds(
            ConfigurationTableTest.declaredSettings()
                .get("snapshots.worker.shutdown-grace")
                .orElseThrow());
    Map<String, Object> services =
        map(map(new Yaml().load(Files.readString(DEPLOY.resolve("compose.yaml")))).get("services"));
    for (String role : List.of("api", "worker-1", "worker-2")) {
      Object grace = map(services.get(role)).get("stop_grace_period");
      assertThat(grace).as("stop_grace_period of %s (Compose's default is 10s)", role).isNotNull();
      assertThat(seconds(grace.toString())).as(role).isGreaterThanOrEqualTo(jobs.plus(DRAIN));
    }
    for (Map<String, Object> deployment :
        k8sDocuments().stream().filter(d -> "Deployment".equals(d.get("kind"))).toList()) {
      Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
      String name = map(deployment.get("metadata")).get("name").toString();
      Duration needed = name.endsWith("worker") ? jobs.plus(DRAIN) : DRAIN;
      assertThat(
              Duration.ofSeconds(((Number) pod.get("terminationGracePeriodSeconds")).longValue()))
          .as("terminationGracePeriodSeconds of %s", name)
          .isGreaterThanOrEqualTo(needed);
    }
  }

  /** A duration as Compose and the service's settings write it: {@code 90s} or {@code 2m}. */
  static Duration seconds(String written) {
    long amount = Long.parseLong(written.substring(0, written.length() - 1));
    return switch (written.charAt(written.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      default -> throw new IllegalArgumentException("not a duration in s or m: " + written);
    };
  }

  @Test
  void composeKeepsNoSecretAndItsExampleEnvironmentNamesEachOne() throws IOException {
    String compose = Files.readString(DEPLOY.resolve("compose.yaml"));
    Set<String> referenced =
        Pattern.compile("\\$\\{([A-Z_]+)")
            .matcher(compose)
            .results()
            .map(m -> m.group(1))
            .collect(Collectors.toSet());
    Properties example = new Properties();
    example.load(Files.newBufferedReader(DEPLOY.resolve("compose.env.example")));

    assertThat(example.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(referenced);
  }

  @Test
  void everyDeploymentServesTheAppsPortWithProbesOnRealHealthPaths() throws IOException {
    List<Map<String, Object>> deployments =
        k8sDocuments().stream().filter(d -> "Deployment".equals(d.get("kind"))).toList();
    assertThat(deployments)
        .extracting(d -> map(d.get("metadata")).get("name"))
        .containsExactlyInAnyOrder("snapshots-api", "snapshots-worker");
    Set<String> known = knownEnvironmentNames();

    for (Map<String, Object> deployment : deployments) {
      Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
      Map<String, Object> container = map(list(pod.get("containers")).get(0));
      Map<Object, Object> ports =
          list(container.get("ports")).stream()
              .map(DeploymentManifestsTest::map)
              .collect(Collectors.toMap(p -> p.get("name"), p -> p.get("containerPort")));
      assertThat(ports).containsEntry("http", httpPort()).containsEntry("management", 9000);
      assertThat(managementPort()).isEqualTo(9000);
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        Map<String, Object> check = map(map(container.get(probe)).get("httpGet"));
        assertThat(HEALTH_PATHS).contains((String) check.get("path"));
        assertThat(check.get("port")).isEqualTo("management");
      }
      assertThat(
              map(map(map(deployment.get("spec")).get("template")).get("metadata"))
                  .get("annotations"))
          .isEqualTo(
              Map.of(
                  "prometheus.io/scrape", "true",
                  "prometheus.io/port", "9000",
                  "prometheus.io/path", "/q/metrics"));
      assertThat(map(container.get("resources"))).containsKeys("requests", "limits");
      for (Object entry : list(container.get("env"))) {
        Map<String, Object> variable = map(entry);
        String name = (String) variable.get("name");
        assertThat(known).contains(name);
        if (name.contains("PASSWORD") || name.contains("TOKEN")) {
          assertThat(map(variable.get("valueFrom"))).containsKey("secretKeyRef");
        }
      }
    }
  }

  @Test
  void theConfigMapHoldsOnlyKnownSettingsAndNoSecrets() throws IOException {
    Map<String, Object> configMap =
        k8sDocuments().stream()
            .filter(d -> "ConfigMap".equals(d.get("kind")))
            .findFirst()
            .orElseThrow();
    Set<String> names = map(configMap.get("data")).keySet();

    assertThat(knownEnvironmentNames()).containsAll(names);
    assertThat(names).noneMatch(n -> n.contains("PASSWORD") || n.contains("TOKEN"));
  }

  @Test
  void theServiceAutoscalerAndBudgetsPointAtRealDeployments() throws IOException {
    List<Map<String, Object>> documents = k8sDocuments();
    Map<String, Map<String, Object>> podLabels =
        documents.stream()
            .filter(d -> "Deployment".equals(d.get("kind")))
            .collect(
                Collectors.toMap(
                    d -> (String) map(d.get("metadata")).get("name"),
                    d ->
                        map(
                            map(map(map(d.get("spec")).get("template")).get("metadata"))
                                .get("labels"))));

    for (Map<String, Object> document : documents) {
      Map<String, Object> spec = map(document.get("spec"));
      switch ((String) document.get("kind")) {
        case "Service" -> {
          assertThat(podLabels.values())
              .anySatisfy(
                  labels -> assertThat(labels).containsAllEntriesOf(map(spec.get("selector"))));
          // The public Service carries the customers' API only; the operator's has its own.
          String name = (String) map(document.get("metadata")).get("name");
          assertThat(map(list(spec.get("ports")).get(0)).get("targetPort"))
              .isEqualTo(name.equals("snapshots-admin") ? "admin" : "http");
          assertThat(list(spec.get("ports"))).hasSize(1);
        }
        case "HorizontalPodAutoscaler" ->
            assertThat(podLabels).containsKey((String) map(spec.get("scaleTargetRef")).get("name"));
        case "PodDisruptionBudget" ->
            assertThat(podLabels.values())
                .anySatisfy(
                    labels ->
                        assertThat(labels)
                            .containsAllEntriesOf(
                                map(map(spec.get("selector")).get("matchLabels"))));
        default -> {
          // Namespace, ConfigMap and Deployments are checked above.
        }
      }
    }
  }

  @Test
  void theAlertRulesWatchMetricsTheServiceExports() throws IOException {
    Map<String, Object> rules =
        map(new Yaml().load(Files.readString(DEPLOY.resolve("k8s/alerts/snapshots-rules.yaml"))));
    List<Object> alerts = list(map(list(rules.get("groups")).get(0)).get("rules"));
    Set<String> exported =
        Set.of(
            "snapshots_outbox_backlog",
            "snapshots_outbox_oldest_age_seconds",
            "snapshots_worker_dead_letters_total");

    assertThat(alerts).hasSizeGreaterThanOrEqualTo(2);
    for (Object alert : alerts) {
      String expr = (String) map(alert).get("expr");
      assertThat(map(alert).get("alert")).isNotNull();
      var used = Pattern.compile("snapshots_[a-z_]+").matcher(expr);
      assertThat(used.find()).as(expr).isTrue();
      assertThat(exported).contains(used.group());
    }
  }

  @Test
  void theImagesJvmFlagsAreOnesTheJvmAccepts() throws Exception {
    List<String> flags = ImageJvmFlags.of(DEPLOY.resolve("Dockerfile"));

    assertThat(flags).contains("-XX:TrimNativeHeapInterval=2000", "-XX:+UseSerialGC");
    assertThat(javaVersionExitCode(flags)).as("java %s -version", flags).isZero();
    assertThat(javaVersionExitCode(List.of("-XX:NoSuchJvmFlag=1")))
        .as("a flag the JVM does not know stops it")
        .isNotZero();
  }

  /** Exit code of {@code java <flags> -version}, run by the JVM that runs this test. */
  static int javaVersionExitCode(List<String> flags) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.add("-version");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().transferTo(OutputStream.nullOutputStream());
    return process.waitFor();
  }
}
