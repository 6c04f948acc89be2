package org.vps.snapshots.persistence;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Tells PostgreSQL's listeners of what a transaction wrote once it has committed, from a session of
 * its own. A {@code NOTIFY} in the writing transaction would make its commit take the one lock
 * PostgreSQL serializes every notifying commit with, and hold it through the commit's flush to
 * disk: concurrent writers would then commit one flush after another instead of sharing one, and a
 * slow flush would hold them all. This session's own commits do not wait for the flush (a
 * notification is a wake-up call, nothing is kept by it), so they hold that lock for no time.
 *
 * <p>What waits to be sent is sent together and once: many commits in the same moment cost one
 * statement. A notification not sent (the node stopped right after a commit, the database away
 * twice running) delays a listener, never loses anything: the relay also polls the outbox, and a
 * node following a snapshot reads it again whenever it listens anew.
 */
@ApplicationScoped
public class CommitNotifications {
  private static final Logger LOG = Logger.getLogger(CommitNotifications.class);
  private static final String SEND =
      "select pg_notify(channel, payload) from unnest(?::text[], ?::text[]) as n(channel, payload)";

  private final TransactionSynchronizationRegistry transactions;
  private final OwnConnections connections;
  private final Set<Notification> pending = new LinkedHashSet<>();
  private Thread sender;
  private Connection connection;
  private boolean stopped;

  /** One notification: PostgreSQL folds equal ones of a transaction into one, and so does this. */
  record Notification(String channel, String payload) {}

  @Inject
  public CommitNotifications(
      TransactionSynchronizationRegistry transactions, OwnConnections connections) {
    this.transactions = transactions;
    this.connections = connections;
  }

  /**
   * Sends {@code payload} on {@code channel} when the current transaction commits, not at all when
   * it rolls back; at once when no transaction is active.
   */
  void afterCommit(String channel, String payload) {
    Notification notification = new Notification(channel, payload);
    int status = transactions.getTransactionStatus();
    if (status == Status.STATUS_MARKED_ROLLBACK) {
      return;
    }
    if (status == Status.STATUS_NO_TRANSACTION) {
      send(List.of(notification));
      return;
    }
    @SuppressWarnings("unchecked")
    Set<Notification> ofTransaction =
        (Set<Notification>) transactions.getResource(CommitNotifications.class);
    if (ofTransaction == null) {
      Set<Notification> created = new LinkedHashSet<>();
      try {
        transactions.registerInterposedSynchronization(
            new Synchronization() {
              @Override
              public void beforeCompletion() {
                // Nothing is told before the outcome is known.
              }

              @Override
              public void afterCompletion(int outcome) {
                if (outcome == Status.STATUS_COMMITTED) {
                  send(created);
                }
              }
            });
      } catch (IllegalStateException ending) {
        // Too late to wait for its outcome: a needless wake-up costs a look at the outbox, a
        // missing one a poll interval.
        send(List.of(notification));
        return;
      }
      transactions.putResource(CommitNotifications.class, created);
      ofTransaction = created;
    }
    ofTransaction.add(notification);
  }

  private synchronized void send(Iterable<Notification> notifications) {
    if (stopped) {
      return;
    }
    notifications.forEach(pending::add);
    if (sender == null) {
      sender = new Thread(this::sendWhatWaits, "commit-notifications");
      sender.setDaemon(true);
      sender.start();
    }
    notifyAll();
  }

  private void sendWhatWaits() {
    while (true) {
      List<Notification> batch;
      synchronized (this) {
        while (pending.isEmpty() && !stopped) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (pending.isEmpty()) {
          return;
        }
        batch = new ArrayList<>(pending);
        pending.clear();
      }
      sendNow(batch);
    }
  }

  /** Sends on this session, tried a second time on a new one; then given up and said so. */
  private void sendNow(List<Notification> batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        notifyOnOwnSession(batch);
        return;
      } catch (SQLException e) {
        closeConnection();
        if (attempt == 2) {
          LOG.warnf(
              "%d notifications of committed changes were not sent (listeners catch up by"
                  + " polling): %s",
              batch.size(), e.getMessage());
          return;
        }
      }
    }
  }

  private void notifyOnOwnSession(List<Notification> batch) throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = connections.open();
      try (Statement settings = connection.createStatement()) {
        settings.execute("set synchronous_commit = off");
      }
    }
    try (PreparedStatement notify = connection.prepareStatement(SEND)) {
      notify.setArray(
          1,
          connection.createArrayOf(
              "text", batch.stream().map(Notification::channel).toArray(String[]::new)));
      notify.setArray(
          2,
          connection.createArrayOf(
              "text", batch.stream().map(Notification::payload).toArray(String[]::new)));
      notify.execute();
    }
  }

  private void closeConnection() {
    OwnConnections.close(connection);
    connection = null;
  }

  /** Sends what waits, then ends the session. */
  void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
    Thread running;
    synchronized (this) {
      stopped = true;
      running = sender;
      notifyAll();
    }
    if (running != null) {
      running.join(5_000);
    }
    closeConnection();
  }
}
