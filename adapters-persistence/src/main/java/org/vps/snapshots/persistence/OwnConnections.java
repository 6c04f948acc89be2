package org.vps.snapshots.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Connections outside the pool, for sessions that stay open to listen ({@code LISTEN}) and would
 * otherwise hold a pooled connection for good.
 */
@ApplicationScoped
public class OwnConnections {
  private final String url;
  private final Optional<String> username;
  private final Optional<String> password;

  @Inject
  public OwnConnections(
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this.url = url;
    this.username = username;
    this.password = password;
  }

  Connection open() throws SQLException {
    return DriverManager.getConnection(url, username.orElse(null), password.orElse(null));
  }

  /** Closes a session of its own, if open; one already gone needs nothing more. */
  static void close(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Gone already.
      }
    }
  }
}
