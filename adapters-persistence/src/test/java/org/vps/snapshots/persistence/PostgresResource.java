package org.vps.snapshots.persistence;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL of a test run: a Testcontainers container where a Docker engine answers, the
 * embedded server otherwise. Either way a real PostgreSQL, which a test can take down and bring
 * back on the same address with the same data, as an outage would.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
  private static final Logger LOG = Logger.getLogger(PostgresResource.class);

  private static PostgreSQLContainer container;
  private static EmbeddedPostgres embedded;
  private static Path embeddedData;
  private static int embeddedPort;

  @Override
  public Map<String, String> start() {
    if (dockerAnswers()) {
      LOG.info("Tests use PostgreSQL in a Testcontainers container (a Docker engine answered)");
      container = new PostgreSQLContainer("postgres:17-alpine");
      container.start();
      return datasource(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
    LOG.info("Tests use the embedded PostgreSQL (no Docker engine answered)");
    try {
      embeddedData = Files.createTempDirectory("snapshots-test-pg-");
      try (ServerSocket socket = new ServerSocket(0)) {
        embeddedPort = socket.getLocalPort();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    bringBack();
    return datasource(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
  }

  @Override
  public void stop() {
    if (container != null) {
      container.stop();
      container = null;
    }
    if (embedded != null) {
      takeDown();
    }
  }

  /** The database goes away: the server stops (a paused container), its data stays. */
  public static void takeDown() {
    if (container != null) {
      container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
      return;
    }
    try {
      embedded.close();
      embedded = null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The database is back, at the same address with the same data. */
  public static void bringBack() {
    if (container != null) {
      container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
      return;
    }
    try {
      embedded =
          EmbeddedPostgres.builder()
              .setPort(embeddedPort)
              .setDataDirectory(embeddedData)
              .setCleanDataDirectory(false)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static boolean dockerAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Map<String, String> datasource(String url, String user, String password) {
    return Map.of(
        "quarkus.datasource.jdbc.url", url,
        "quarkus.datasource.username", user,
        "quarkus.datasource.password", password);
  }
}
