package org.vps.snapshots.persistence;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Vacuums the outbox soon after the relays removed many rows from it. The outbox is a queue: rows
 * come in at one end of its indexes and leave at the other, and until a vacuum the removed ones
 * stay in the indexes, where every relay pass looks for the oldest rows of each partition and walks
 * over all of them first. Autovacuum looks at a table about once a minute; at a few hundred events
 * a second that is tens of thousands of dead entries, and a relay pass that took a millisecond then
 * took tens (see README, Benchmarks). So after every {@value #ROWS} removed rows, at most once in
 * two seconds, a thread of its own runs {@code VACUUM} on the outbox, beside the relay and never in
 * its way. A database user that may not vacuum the table (not its owner) is told once in the log;
 * the outbox's own autovacuum settings (V8) then keep it in bounds.
 */
@ApplicationScoped
public class OutboxVacuum {
  private static final Logger LOG = Logger.getLogger(OutboxVacuum.class);
  static final int ROWS = 5_000;
  private static final long LEAST_NANOS_APART = Duration.ofSeconds(2).toNanos();

  private final AgroalDataSource dataSource;
  private final AtomicLong removedSince = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicLong vacuums = new AtomicLong();
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          work -> {
            Thread vacuum = new Thread(work, "outbox-vacuum");
            vacuum.setDaemon(true);
            return vacuum;
          });
  private volatile long lastStarted = System.nanoTime() - LEAST_NANOS_APART;
  private volatile boolean allowed = true;

  @Inject
  public OutboxVacuum(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The relay removed these rows (its transaction may still be open): vacuums when due. */
  void removed(int rows) {
    if (removedSince.addAndGet(rows) < ROWS
        || !allowed
        || System.nanoTime() - lastStarted < LEAST_NANOS_APART
        || !running.compareAndSet(false, true)) {
      return;
    }
    lastStarted = System.nanoTime();
    removedSince.set(0);
    try {
      thread.execute(this::vacuum);
    } catch (RuntimeException stopped) {
      running.set(false);
    }
  }

  /** How many vacuums this node ran. */
  long vacuums() {
    return vacuums.get();
  }

  private void vacuum() {
    // Outside any transaction: VACUUM cannot run in one. SKIP_LOCKED: another node's vacuum of the
    // outbox is as good as this one. TRUNCATE false: giving the empty end of the table back needs
    // a lock that stops every transaction appending to the outbox, that is every command.
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      statement.execute("vacuum (skip_locked, truncate false) outbox");
      // PostgreSQL declines with a warning, not an error: another vacuum holds the table (fine), or
      // this user may not vacuum it (then never again).
      SQLWarning declined = statement.getWarnings();
      if (declined == null) {
        vacuums.incrementAndGet();
      } else if (!declined.getMessage().contains("lock not available")) {
        allowed = false;
        LOG.infof(
            "The outbox is left to autovacuum: this database user may not vacuum it (%s)",
            declined.getMessage());
      }
    } catch (SQLException e) {
      LOG.debugf("The outbox could not be vacuumed now: %s", e.getMessage());
    } finally {
      running.set(false);
    }
  }

  void stop(@Observes ShutdownEvent stopping) {
    thread.shutdownNow();
  }
}
