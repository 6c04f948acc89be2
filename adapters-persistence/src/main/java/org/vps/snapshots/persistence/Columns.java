package org.vps.snapshots.persistence;

import java.util.Collections;
import java.util.List;

/**
 * The columns of an aggregate's table in the order its binder sets them, and the statements that
 * write all of them: the placeholders and the id's position follow from the list, never counted by
 * hand.
 */
final class Columns {
  private final String table;
  private final List<String> names;
  private final String list;

  Columns(String table, String... names) {
    this.table = table;
    this.names = List.of(names);
    this.list = String.join(", ", names);
  }

  /** The columns, comma-separated, for a select. */
  String list() {
    return list;
  }

  /** The insert of every column, then of {@code extra} columns bound after them. */
  String insert(String... extra) {
    StringBuilder sql = new StringBuilder("insert into ").append(table).append(" (").append(list);
    for (String column : extra) {
      sql.append(", ").append(column);
    }
    return sql.append(") values (")
        .append(placeholders(names.size() + extra.length))
        .append(")")
        .toString();
  }

  /** The insert of every column of {@code rows} rows at once, bound one row after another. */
  String insertRows(int rows) {
    String row = "(" + placeholders(names.size()) + ")";
    return "insert into "
        + table
        + " ("
        + list
        + ") values "
        + String.join(", ", Collections.nCopies(rows, row));
  }

  /** How many parameters one row binds. */
  int width() {
    return names.size();
  }

  /** The update of every column of the row whose id is bound at {@link #nextParameter()}. */
  String update() {
    return "update "
        + table
        + " set ("
        + list
        + ") = ("
        + placeholders(names.size())
        + ") where id = ?";
  }

  /** The parameter after the columns': an insert's first extra column, or an update's id. */
  int nextParameter() {
    return names.size() + 1;
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}
