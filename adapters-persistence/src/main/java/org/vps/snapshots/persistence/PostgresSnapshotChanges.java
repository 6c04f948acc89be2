package org.vps.snapshots.persistence;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.vps.snapshots.application.port.SnapshotChanges;
import org.vps.snapshots.domain.SnapshotId;

/**
 * Listens on PostgreSQL's {@code snapshot_changes} channel (filled by triggers, V12) over a
 * connection of its own, only while someone follows a snapshot, and calls the followers of each
 * snapshot named. After the connection was lost every follower is called, since changes may have
 * been missed meanwhile.
 */
@ApplicationScoped
public class PostgresSnapshotChanges implements SnapshotChanges {
  private static final Logger LOG = Logger.getLogger(PostgresSnapshotChanges.class);
  private static final String CHANNEL = "snapshot_changes";
  private static final int WAIT_MILLIS = 1_000;

  private final OwnConnections connections;
  private final Map<Long, Set<Runnable>> followers = new ConcurrentHashMap<>();
  // Followers read the database when called: never on the listening thread.
  private final ExecutorService calls =
      Executors.newFixedThreadPool(
          2,
          task -> {
            Thread thread = new Thread(task, "snapshot-changes");
            thread.setDaemon(true);
            return thread;
          });
  private Thread listener;
  private volatile boolean stopped;

  @Inject
  public PostgresSnapshotChanges(OwnConnections connections) {
    this.connections = connections;
  }

  @Override
  public Subscription subscribe(SnapshotId snapshot, Runnable follower) {
    followers.computeIfAbsent(snapshot.value(), id -> new CopyOnWriteArraySet<>()).add(follower);
    startListening();
    return () ->
        followers.computeIfPresent(
            snapshot.value(), (id, set) -> set.remove(follower) && set.isEmpty() ? null : set);
  }

  private synchronized void startListening() {
    if (listener == null && !stopped) {
      listener = new Thread(this::listen, "snapshot-changes-listener");
      listener.setDaemon(true);
      listener.start();
    }
  }

  private void listen() {
    boolean warned = false;
    while (!stopped) {
      try (Connection connection = connections.open()) {
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN " + CHANNEL);
        }
        if (warned) {
          followers.values().forEach(set -> set.forEach(calls::execute));
          warned = false;
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (!stopped) {
          PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
          if (notifications == null) {
            continue;
          }
          for (PGNotification notification : notifications) {
            tell(notification.getParameter());
          }
        }
      } catch (SQLException e) {
        if (!warned) {
          LOG.warnf("Snapshot changes are not heard: %s; listening again shortly", e.getMessage());
          warned = true;
        }
        try {
          Thread.sleep(WAIT_MILLIS);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private void tell(String snapshotId) {
    Set<Runnable> set;
    try {
      set = followers.get(Long.parseLong(snapshotId));
    } catch (NumberFormatException e) {
      return;
    }
    if (set != null) {
      List.copyOf(set).forEach(calls::execute);
    }
  }

  void stop(@Observes ShutdownEvent stopping) {
    stopped = true;
    calls.shutdownNow();
  }
}
