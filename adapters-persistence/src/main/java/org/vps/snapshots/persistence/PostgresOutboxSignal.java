package org.vps.snapshots.persistence;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

  /** Told once a transaction that appended to the outbox has committed ({@link PostgresOutbox}). */
  static final String CHANNEL = "snapshots_outbox";

  private final OwnConnections connections;
  private Connection connection;
  private volatile boolean warned;

  @Inject
  public PostgresOutboxSignal(OwnConnections connections) {
    this.connections = connections;
  }

  /**
   * How long one read of the connection lasts at most: a blocked socket read does not heed an
   * interrupt, so a longer wait is cut into reads this long, and a stopping relay (or a caller
   * interrupted) leaves within one.
   */
  static final Duration SLICE = Duration.ofMillis(250);

  @Override
  public boolean await(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    long left = max.toNanos();
    do {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for outbox messages");
      }
      if (heard(Math.min(left, SLICE.toNanos()), deadline)) {
        return true;
      }
      left = deadline - System.nanoTime();
    } while (left > 0);
    return false;
  }

  /**
   * One read of the connection, at most {@code nanos}: true when a notification came. Where it
   * cannot listen it waits until {@code deadline} instead, and the caller polls; that wait holds no
   * lock, so that a node's stop closing the session is not held up by it.
   */
  private boolean heard(long nanos, long deadline) throws InterruptedException {
    try {
      return notified(nanos);
    } catch (SQLException e) {
      if (!warned) {
        LOG.warnf(
            "The relay polls the outbox: it cannot listen for new messages: %s", e.getMessage());
        warned = true;
      }
      close();
      TimeUnit.NANOSECONDS.sleep(Math.max(0, deadline - System.nanoTime()));
      return false;
    }
  }

  private synchronized boolean notified(long nanos) throws SQLException {
    PGNotification[] notifications =
        listening().getNotifications((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
    warned = false;
    return notifications != null && notifications.length > 0;
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
    OwnConnections.close(connection);
    connection = null;
  }

  void stop(@Observes ShutdownEvent stopping) {
    close();
  }
}
