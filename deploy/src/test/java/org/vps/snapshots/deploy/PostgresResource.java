package org.vps.snapshots.deploy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL of a test run: a Testcontainers container where a Docker engine answers, the
 * embedded server otherwise. Either way a real PostgreSQL.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
  private static final Logger LOG = Logger.getLogger(PostgresResource.class);

  private PostgreSQLContainer container;
  private EmbeddedPostgresServer embedded;

  @Override
  public Map<String, String> start() {
    if (dockerAnswers()) {
      LOG.info("Tests use PostgreSQL in a Testcontainers container (a Docker engine answered)");
      container = new PostgreSQLContainer("postgres:17-alpine");
      container.start();
      return datasource(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
    LOG.info("Tests use the embedded PostgreSQL (no Docker engine answered)");
    embedded = EmbeddedPostgresServer.start();
    return datasource(embedded.jdbcUrl(), embedded.username(), embedded.password());
  }

  @Override
  public void stop() {
    if (container != null) {
      container.stop();
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  static boolean dockerAnswers() {
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
