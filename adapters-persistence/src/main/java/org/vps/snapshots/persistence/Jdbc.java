package org.vps.snapshots.persistence;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.engine.spi.SessionImplementor;
import org.vps.snapshots.application.port.PageRequest;

/**
 * Plain statements on the transaction's own connection, for the command path where an entity in the
 * session would only add cost (a create loads one server and writes three rows; Hibernate's
 * hydration, action queue and flush were a third of its CPU). Whatever the session still holds is
 * flushed first, so statements run in the order the use case asked for them; after a write the
 * session forgets what it read, so that no later read in the transaction sees a row as it was.
 */
final class Jdbc {
  private Jdbc() {}

  /** Sets the parameters of a statement. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Reads the current row of a result. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  static <T> List<T> query(
      EntityManager entityManager, String sql, Binder binder, RowReader<T> reader) {
    return query(entityManager, sql, binder, reader, false);
  }

  /**
   * As {@link #query}, planned by PostgreSQL for the values bound each time: a generic plan, made
   * once for any value, cannot tell an account of a million snapshots, or a label on half of them,
   * from a small one, and may walk a whole account where an index would find a few rows.
   */
  static <T> List<T> queryPlannedForItsValues(
      EntityManager entityManager, String sql, Binder binder, RowReader<T> reader) {
    return query(entityManager, sql, binder, reader, true);
  }

  /** As {@link #query}, or {@link #queryPlannedForItsValues} when {@code plannedForItsValues}. */
  static <T> List<T> query(
      EntityManager entityManager,
      String sql,
      Binder binder,
      RowReader<T> reader,
      boolean plannedForItsValues) {
    return flushed(entityManager)
        .doReturningWork(connection -> run(connection, sql, binder, reader, plannedForItsValues));
  }

  /** Runs a query on {@code connection} and reads every row it answers. */
  static <T> List<T> run(
      Connection connection,
      String sql,
      Binder binder,
      RowReader<T> reader,
      boolean plannedForItsValues)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      if (plannedForItsValues) {
        statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
      }
      binder.bind(statement);
      try (ResultSet rows = statement.executeQuery()) {
        List<T> read = new ArrayList<>();
        while (rows.next()) {
          read.add(reader.read(rows));
        }
        return read;
      }
    }
  }

  /**
   * The {@code limit}/{@code offset} clause of a page, written into the statement. With parameters
   * there PostgreSQL plans the statement again on every execution (its generic plan prices an
   * unknown limit above every plan it made for a known one, so it never switches to it): planning
   * was most of the time a listing spent in the database. The numbers are the page's own, never
   * text from a request, and the sizes and offsets people ask for are few, so the driver's cache of
   * prepared statements holds them.
   */
  static String limitOffset(PageRequest page) {
    return " limit " + page.size() + " offset " + page.offset();
  }

  /**
   * The row {@code select} reads whose {@code id} is {@code id} and whose {@code account_id} is
   * {@code account}: one account's own row, and nothing of another's.
   */
  static <T> Optional<T> ownedRow(
      EntityManager entityManager,
      String select,
      long id,
      org.vps.snapshots.domain.AccountId account,
      RowReader<T> reader) {
    return queryFirst(
        entityManager,
        select + " where id = ? and account_id = ?",
        row -> {
          row.setLong(1, id);
          row.setLong(2, account.value());
        },
        reader);
  }

  static <T> Optional<T> queryFirst(
      EntityManager entityManager, String sql, Binder binder, RowReader<T> reader) {
    return query(entityManager, sql, binder, reader).stream().findFirst();
  }

  /** Changes the one row {@code sql} names; a row that is not there is a bug of the caller's. */
  static void updateOne(EntityManager entityManager, String sql, Binder binder, String what) {
    if (update(entityManager, sql, binder) != 1) {
      throw new IllegalStateException("updating " + what + " that is not stored");
    }
  }

  /** Binds one of several rows of a statement, {@code at} parameters from its first. */
  @FunctionalInterface
  interface RowBinder<T> {
    void bind(T item, PreparedStatement statement, int at) throws SQLException;
  }

  /**
   * Inserts every column of each of {@code items} in one statement; nothing when there are none.
   */
  static <T> void insertAll(
      EntityManager entityManager, Columns columns, List<T> items, RowBinder<T> binder) {
    if (items.isEmpty()) {
      return;
    }
    update(
        entityManager,
        columns.insertRows(items.size()),
        statement -> {
          for (int i = 0; i < items.size(); i++) {
            binder.bind(items.get(i), statement, i * columns.width());
          }
        });
  }

  static int update(EntityManager entityManager, String sql, Binder binder) {
    SessionImplementor session = flushed(entityManager);
    int changed =
        session.doReturningWork(
            connection -> {
              try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
              }
            });
    if (session.getPersistenceContextInternal().getNumberOfManagedEntities() > 0) {
      session.clear();
    }
    return changed;
  }

  /**
   * Binds an instant as its ISO-8601 text, typed by the column it meets. The driver's own binding
   * of a date and time builds a calendar and its time-zone rules for every statement that binds
   * one, which was a few percent of a create's CPU on a fresh JVM.
   */
  static void setInstant(PreparedStatement statement, int index, Instant value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, value.toString(), Types.OTHER);
    }
  }

  static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static Long longOrNull(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  private static SessionImplementor flushed(EntityManager entityManager) {
    SessionImplementor session = entityManager.unwrap(SessionImplementor.class);
    if (session.getPersistenceContextInternal().getNumberOfManagedEntities() > 0
        || session.getActionQueue().hasAnyQueuedActions()) {
      session.flush();
    }
    return session;
  }
}
