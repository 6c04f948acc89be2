package org.vps.snapshots.deploy;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Starts the service. With no database configured it runs on the embedded default: it starts a real
 * PostgreSQL of its own, and the service seeds a demo account and servers.
 */
@QuarkusMain
public final class SnapshotsMain {
  private static final Logger LOG = Logger.getLogger(SnapshotsMain.class);
  static final String DEV_ADMIN_TOKEN = "dev-admin-token";
  static final int REFUSED = 78;

  /** Set by the build for {@code ./mvnw quarkus:dev} (deploy/pom.xml). */
  static final String DEV_MODE_PROPERTY = "snapshots.dev-mode";

  /**
   * Dev mode calls main again on every live reload, in the same JVM: the system properties set for
   * the embedded default stay, so its servers are started once and found configured afterwards.
   */
  private static final boolean DEV_MODE = Boolean.getBoolean(DEV_MODE_PROPERTY);

  private static final String PROFILE = activeProfile(DEV_MODE);

  private SnapshotsMain() {}

  public static void main(String... args) {
    chooseEngine(args);
    ProductionSettings settings = ProductionSettings.ofThisProcess();
    if (settings.production()) {
      List<String> problems = settings.problems();
      if (!problems.isEmpty()) {
        // Straight to stderr: the log system is not up yet, and this must be seen.
        System.err.println(
            "Refusing to start in production (SNAPSHOTS_PRODUCTION=true):\n  - "
                + String.join("\n  - ", problems));
        System.err.flush();
        System.exit(REFUSED);
      }
    } else if (!configured("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL")) {
      LOG.info(
          DEV_MODE
              ? "Dev mode: the embedded default provides PostgreSQL and Kafka (Quarkus Dev Services"
                  + " stay off), started once and kept across live reloads"
              : "No datasource configured: starting the embedded default (PostgreSQL, Kafka, demo"
                  + " data)");
      // The broker takes longest; it starts while PostgreSQL does.
      CompletableFuture<EmbeddedKafkaServer> kafka =
          configured("kafka.bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS")
              ? CompletableFuture.completedFuture(null)
              : CompletableFuture.supplyAsync(EmbeddedKafkaServer::start);
      EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start();
      setForThisProfile("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
      setForThisProfile("quarkus.datasource.username", postgres.username());
      setForThisProfile("quarkus.datasource.password", postgres.password());
      LOG.infof("Embedded PostgreSQL listens on localhost:%d", postgres.port());
      EmbeddedKafkaServer broker = kafka.join();
      if (broker != null) {
        setForThisProfile("kafka.bootstrap.servers", broker.bootstrapServers());
        LOG.infof("Embedded Kafka broker listens on %s", broker.bootstrapServers());
      }
      setForThisProfile("snapshots.demo-data", "true");
      // The embedded default has a well-known admin token: it answers this machine only.
      if (!configured("quarkus.http.host", "QUARKUS_HTTP_HOST")) {
        setForThisProfile("quarkus.http.host", "127.0.0.1");
      }
      if (!configured("quarkus.management.host", "QUARKUS_MANAGEMENT_HOST")) {
        setForThisProfile("quarkus.management.host", "127.0.0.1");
      }
      if (!configured("snapshots.admin-token", "SNAPSHOTS_ADMIN_TOKEN")) {
        setForThisProfile("snapshots.admin-token", DEV_ADMIN_TOKEN);
      }
      // Webhooks are tried out with a receiver on this machine (http://127.0.0.1:...).
      if (!configured("snapshots.webhooks.allow-insecure", "SNAPSHOTS_WEBHOOKS_ALLOW_INSECURE")) {
        setForThisProfile("snapshots.webhooks.allow-insecure", "true");
      }
    }
    if (DEV_MODE) {
      // A live reload ends this run without ending dev mode: dev mode's own exit handling must
      // stay, and the embedded servers live until the JVM ends (StopAtExit).
      Quarkus.run(null, null, args);
      return;
    }
    Quarkus.run(
        null,
        (exitCode, failure) -> {
          if (failure != null) {
            LOG.error("The service stopped on a failure", failure);
          }
          // The exit hooks stop the embedded servers, if any (StopAtExit).
          System.exit(exitCode);
        },
        args);
  }

  /**
   * {@code --engine qemu} picks the QEMU backend; the embedded default gives it a disk directory.
   */
  private static void chooseEngine(String... args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--engine")) {
        System.setProperty("snapshots.engine", args[i + 1]);
      }
    }
    boolean qemu =
        "qemu".equals(System.getProperty("snapshots.engine", System.getenv("SNAPSHOTS_ENGINE")));
    if (qemu
        && !configured(
            "snapshots.engine.qemu.disk-directory", "SNAPSHOTS_ENGINE_QEMU_DISK_DIRECTORY")
        && !configured("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL")) {
      try {
        String disks = Files.createTempDirectory("snapshots-disks-").toString();
        System.setProperty("snapshots.engine.qemu.disk-directory", disks);
        LOG.infof("QEMU backend: demo disks in %s", disks);
      } catch (IOException e) {
        throw new UncheckedIOException("no directory for the demo disks", e);
      }
    }
  }

  /**
   * The embedded default's settings, for the profile this process runs with only: the tests that
   * dev mode's continuous testing runs in the same JVM keep their own.
   */
  private static void setForThisProfile(String property, String value) {
    System.setProperty("%" + PROFILE + "." + property, value);
  }

  private static String activeProfile(boolean devMode) {
    String chosen = System.getProperty("quarkus.profile", System.getenv("QUARKUS_PROFILE"));
    if (chosen != null && !chosen.isBlank()) {
      return chosen.split(",")[0].trim();
    }
    return devMode ? "dev" : "prod";
  }

  private static boolean configured(String property, String environmentVariable) {
    String fromProperty =
        System.getProperty(property, System.getProperty("%" + PROFILE + "." + property));
    String fromEnvironment = System.getenv(environmentVariable);
    return (fromProperty != null && !fromProperty.isBlank())
        || (fromEnvironment != null && !fromEnvironment.isBlank());
  }
}
