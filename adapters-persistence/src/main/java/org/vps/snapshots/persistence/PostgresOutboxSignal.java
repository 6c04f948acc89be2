package org.vps.snapshots.persistence;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.vps.snapshots.application.port.OutboxSignal;

/**
 * Listens on PostgreSQL's {@code snapshots_outbox} channel over a connection of its own, outside
 * the pool. Notifications wait on the connection until read, so none is lost between two waits. The
 * same session holds a shared advisory lock that counts it among the relays, so that each relay
 * takes its share of the outbox's partitions (see {@link PostgresOutbox#claimOldest}); the count
 * drops as soon as a node's session ends. Where listening fails (the database away, a pooler that
 * forbids {@code LISTEN}), it waits the whole time and the relay falls back to polling; the next
 * wait tries to listen again.
 */
@ApplicationScoped
public class PostgresOutboxSignal implements OutboxSignal {
  private static final Logger LOG = Logger.getLogger(PostgresOutboxSignal.class);
  private static final String CHANNEL = "snapshots_outbox";

  private final OwnConnections connections;
  private Connection connection;
  private boolean warned;

  @Inject
  public PostgresOutboxSignal(OwnConnections connections) {
    this.connections = connections;
  }

  @Override
  public synchronized boolean await(Duration max) throws InterruptedException {
    try {
      PGNotification[] notifications =
          listening().getNotifications((int) Math.max(1, max.toMillis()));
      warned = false;
      return notifications != null && notifications.length > 0;
    } catch (SQLException e) {
      if (!warned) {
        LOG.warnf(
            "The relay polls the outbox: it cannot listen for new messages: %s", e.getMessage());
        warned = true;
      }
      close();
      Thread.sleep(max.toMillis());
      return false;
    }
  }

  private PGConnection listening() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = connections.open();
      try (Statement listen = connection.createStatement()) {
        listen.execute("LISTEN " + CHANNEL);
        listen.execute(
            "select pg_advisory_lock_shared(" + PostgresOutbox.RELAY_LOCK_CLASS + ", -1)");
      }
    }
    return connection.unwrap(PGConnection.class);
  }

  synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Gone already.
      }
      connection = null;
    }
  }

  void stop(@Observes ShutdownEvent stopping) {
    close();
  }
}
