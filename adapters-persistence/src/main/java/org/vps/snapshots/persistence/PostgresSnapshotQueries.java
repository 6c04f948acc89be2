package org.vps.snapshots.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.postgresql.util.PGobject;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.SnapshotFilter;
import org.vps.snapshots.application.port.SnapshotQueries;
import org.vps.snapshots.application.port.SnapshotView;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.LabelSelector;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.ServerName;

/**
 * The read side in plain SQL: customers list and look at snapshots far more often than they change
 * them, and these queries are the service's hot path. One query gives a page and its total.
 */
@ApplicationScoped
public class PostgresSnapshotQueries implements SnapshotQueries {
  private static final String COLUMNS =
      "select s.id, s.account_id, s.server_id, s.name, s.description, s.status, s.size_mb,"
          + " s.progress, s.failure_reason, s.created_at, s.finished_at, s.consistency,"
          + " s.labels, s.delete_protected, s.schedule_id, v.name as server_name";
  private static final String FROM = " from snapshots s join servers v on v.id = s.server_id";
  private static final String NEWEST_FIRST = " order by s.created_at desc, s.id desc";
  private static final String MATCHING_SETS =
      "select coalesce(sum(c.n), 0) from snapshot_label_sets c";

  private final Reads reads;

  @Inject
  PostgresSnapshotQueries(Reads reads) {
    this.reads = reads;
  }

  /**
   * One page and its total in one statement: the rows through the account's (or server's) newest-
   * first index, the total from the counters the database keeps ({@code snapshot_label_sets}), so
   * that neither grows with the account. Both read the same snapshot of the data. A label selector
   * is listed by {@link #listSelected}.
   */
  @Override
  public Page<SnapshotView> list(SnapshotFilter filter, PageRequest page) {
    if (filter.labels().isPresent()) {
      return listSelected(filter, filter.labels().get(), page);
    }
    String total = "(" + MATCHING_SETS + where("c", filter) + ")";
    List<long[]> count = new ArrayList<>(1);
    List<SnapshotView> views =
        reads.query(
            COLUMNS
                + ", "
                + total
                + " as total"
                + FROM
                + where("s", filter)
                + NEWEST_FIRST
                + Jdbc.limitOffset(page),
            query -> bind(query, bind(query, 1, filter), filter),
            row -> {
              if (count.isEmpty()) {
                count.add(new long[] {row.getLong("total")});
              }
              return toView(row);
            });
    if (count.isEmpty()) {
      return new Page<>(
          views,
          reads
              .query("select " + total, query -> bind(query, 1, filter), row -> row.getLong(1))
              .get(0));
    }
    return new Page<>(views, count.get(0)[0]);
  }

  /**
   * The page of a label selector: one server's few snapshots through the server's index, an
   * account's through what the database keeps of its labels ({@link #listOfAccountSelected}).
   */
  private Page<SnapshotView> listSelected(
      SnapshotFilter filter, LabelSelector selector, PageRequest page) {
    if (filter.server().isEmpty()) {
      return listOfAccountSelected(filter, selector, page);
    }
    long matching =
        reads
            .query(
                "select count(*) from snapshots c" + where("c", filter),
                query -> bind(query, 1, filter),
                row -> row.getLong(1))
            .get(0);
    if (matching == 0 || page.offset() >= matching) {
      return new Page<>(List.of(), matching);
    }
    return new Page<>(
        reads.query(
            COLUMNS + FROM + where("s", filter) + NEWEST_FIRST + Jdbc.limitOffset(page),
            query -> bind(query, 1, filter),
            PostgresSnapshotQueries::toView),
        matching);
  }

  /**
   * The page of a label selector across an account. Its {@code count} sums the account's counters
   * of snapshots per set of labels ({@code snapshot_label_sets}) whose set meets the selector. With
   * a {@code key=value}, the page walks the rows of that label ({@code snapshot_labels}) newest
   * first, reading the snapshot of each until it has its rows, so that it never meets a snapshot
   * without the label. A selector of that one label alone fills its page from the first rows it
   * meets, and gets its count in the same statement. Any other is counted first, with the counters
   * of each {@code key=value}, so that a page past the count is never read, however many rows it
   * would walk to learn that; its page then walks the rarest label. A selector with no {@code
   * key=value} is counted with all the account's snapshots, and its page walks the account's
   * newest-first index when at least one in 200 matches, so that 50 are met soon, or reads the GIN
   * index and sorts when fewer do.
   */
  private Page<SnapshotView> listOfAccountSelected(
      SnapshotFilter filter, LabelSelector selector, PageRequest page) {
    List<LabelSelector.Requirement> requirements = selector.requirements();
    List<LabelSelector.Requirement> labels =
        requirements.stream().filter(PostgresSnapshotQueries::isEquality).toList();
    if (requirements.size() == 1 && labels.size() == 1 && filter.status().isEmpty()) {
      // Every row of the label is on the page, which is then as dear as its count: one statement.
      return readByLabelRows(filter, labels.get(0), page, OptionalLong.empty());
    }
    StringBuilder sums =
        new StringBuilder("select coalesce(sum(c.n), 0), coalesce(sum(c.n) filter (where true");
    requirements.forEach(r -> sums.append(" and ").append(condition("c", r)));
    sums.append("), 0)");
    labels.forEach(
        label ->
            sums.append(", coalesce(sum(c.n) filter (where ")
                .append(condition("c", label))
                .append("), 0)"));
    sums.append(" from snapshot_label_sets c").append(scope("c", filter));
    long[] counted =
        reads
            .query(
                sums.toString(),
                query -> {
                  int next = 1;
                  for (LabelSelector.Requirement r : requirements) {
                    next = bindCondition(query, next, r, false);
                  }
                  for (LabelSelector.Requirement label : labels) {
                    next = bindCondition(query, next, label, false);
                  }
                  bindScope(query, next, filter);
                },
                row -> {
                  long[] columns = new long[2 + labels.size()];
                  for (int i = 0; i < columns.length; i++) {
                    columns[i] = row.getLong(i + 1);
                  }
                  return columns;
                })
            .get(0);
    long matching = counted[1];
    if (matching == 0 || page.offset() >= matching) {
      return new Page<>(List.of(), matching);
    }
    if (labels.isEmpty()) {
      return new Page<>(readByLabelsColumn(filter, matching * 200 >= counted[0], page), matching);
    }
    int rarest = 0;
    for (int i = 1; i < labels.size(); i++) {
      if (counted[2 + i] < counted[2 + rarest]) {
        rarest = i;
      }
    }
    return readByLabelRows(filter, labels.get(rarest), page, OptionalLong.of(matching));
  }

  /**
   * A page of the snapshots with label {@code driver} that meet the rest of the filter's selector:
   * the label's rows newest first, each snapshot read and tested until the page is full. Its total
   * is {@code known}, or is summed from the label sets by the same statement.
   */
  private Page<SnapshotView> readByLabelRows(
      SnapshotFilter filter,
      LabelSelector.Requirement driver,
      PageRequest page,
      OptionalLong known) {
    List<LabelSelector.Requirement> others =
        new ArrayList<>(filter.labels().orElseThrow().requirements());
    others.remove(driver);
    boolean byStatus = filter.status().isPresent();
    StringBuilder sql =
        new StringBuilder(
            COLUMNS
                + (known.isPresent()
                    ? ""
                    : ", (" + MATCHING_SETS + where("c", filter) + ") as total")
                + " from snapshot_labels l join snapshots s on s.id = l.snapshot_id"
                + " join servers v on v.id = s.server_id"
                + " where l.account_id = ? and l.label_key = ? and l.label_value = ?"
                + (byStatus ? " and s.status = ?" : ""));
    others.forEach(r -> sql.append(" and ").append(condition("s", r, true)));
    sql.append(" order by l.created_at desc, l.snapshot_id desc").append(Jdbc.limitOffset(page));
    long[] total = {known.orElse(-1)};
    List<SnapshotView> views =
        reads.queryPlannedForItsValues(
            sql.toString(),
            query -> {
              int next = known.isPresent() ? 1 : bind(query, 1, filter);
              query.setLong(next++, filter.owner().value());
              query.setString(next++, driver.key());
              query.setString(next++, driver.value());
              if (byStatus) {
                query.setString(next++, filter.status().get().code());
              }
              for (LabelSelector.Requirement r : others) {
                next = bindCondition(query, next, r, true);
              }
            },
            row -> {
              if (total[0] < 0) {
                total[0] = row.getLong("total");
              }
              return toView(row);
            });
    if (total[0] < 0) {
      total[0] =
          reads
              .query(
                  MATCHING_SETS + where("c", filter),
                  query -> bind(query, 1, filter),
                  row -> row.getLong(1))
              .get(0);
    }
    return new Page<>(views, total[0]);
  }

  /**
   * A page of the snapshots that meet a selector of no {@code key=value}, through the labels
   * column: down the newest-first index when matches are {@code common}, else the GIN index.
   */
  private List<SnapshotView> readByLabelsColumn(
      SnapshotFilter filter, boolean common, PageRequest page) {
    List<LabelSelector.Requirement> requirements =
        filter.labels().map(LabelSelector::requirements).orElse(List.of());
    StringBuilder conditions = new StringBuilder(scope("s", filter));
    requirements.forEach(r -> conditions.append(" and ").append(condition("s", r, common)));
    return reads.queryPlannedForItsValues(
        COLUMNS + FROM + conditions + NEWEST_FIRST + Jdbc.limitOffset(page),
        query -> {
          int next = bindScope(query, 1, filter);
          for (LabelSelector.Requirement r : requirements) {
            next = bindCondition(query, next, r, common);
          }
        },
        PostgresSnapshotQueries::toView);
  }

  private static boolean isEquality(LabelSelector.Requirement requirement) {
    return requirement.operator() == LabelSelector.Operator.EQUALS;
  }

  @Override
  public Optional<SnapshotView> findOwned(AccountId owner, SnapshotId id) {
    return reads.queryFirst(
        COLUMNS + FROM + " where s.id = ? and s.account_id = ?",
        query -> {
          query.setLong(1, id.value());
          query.setLong(2, owner.value());
        },
        PostgresSnapshotQueries::toView);
  }

  /** The account, server and status of the filter, without its labels. */
  private static String scope(String table, SnapshotFilter filter) {
    StringBuilder where = new StringBuilder(" where " + table + ".account_id = ?");
    filter.server().ifPresent(server -> where.append(" and " + table + ".server_id = ?"));
    filter.status().ifPresent(status -> where.append(" and " + table + ".status = ?"));
    return where.toString();
  }

  private static String where(String table, SnapshotFilter filter) {
    StringBuilder where = new StringBuilder(scope(table, filter));
    filter
        .labels()
        .ifPresent(
            selector ->
                selector
                    .requirements()
                    .forEach(r -> where.append(" and ").append(condition(table, r))));
    return where.toString();
  }

  /**
   * A selector's requirement in SQL that the labels' GIN index answers: containment for a value,
   * existence for a key ({@code ??} is the driver's escape of PostgreSQL's {@code ?} operator).
   */
  private static String condition(String table, LabelSelector.Requirement requirement) {
    return condition(table, requirement, false);
  }

  /**
   * A requirement in SQL: in the forms the GIN index answers, or, for a walk down the newest-first
   * index ({@code walking}), in forms no index answers, so that the planner keeps to the walk.
   */
  private static String condition(
      String table, LabelSelector.Requirement requirement, boolean walking) {
    String labels = table + ".labels";
    if (walking) {
      return switch (requirement.operator()) {
        case EQUALS -> labels + " ->> ? = ?";
        case NOT_EQUALS -> "(" + labels + " ->> ?) is distinct from ?";
        case EXISTS -> labels + " ->> ? is not null";
        case NOT_EXISTS -> labels + " ->> ? is null";
      };
    }
    return switch (requirement.operator()) {
      case EQUALS -> labels + " @> ?::jsonb";
      case NOT_EQUALS -> "not (" + labels + " @> ?::jsonb)";
      case EXISTS -> labels + " ?? ?";
      case NOT_EXISTS -> "not (" + labels + " ?? ?)";
    };
  }

  /** Binds a requirement written by {@link #condition} at {@code next}; answers the next free. */
  private static int bindCondition(
      PreparedStatement query, int next, LabelSelector.Requirement requirement, boolean walking)
      throws SQLException {
    boolean compared =
        requirement.operator() == LabelSelector.Operator.EQUALS
            || requirement.operator() == LabelSelector.Operator.NOT_EQUALS;
    if (walking) {
      query.setString(next++, requirement.key());
      if (compared) {
        query.setString(next++, requirement.value());
      }
      return next;
    }
    if (compared) {
      // Bound as jsonb, not text: a generic plan would otherwise parse it again on every row.
      PGobject label = new PGobject();
      label.setType("jsonb");
      label.setValue(DomainMapping.json(Map.of(requirement.key(), requirement.value())));
      query.setObject(next++, label);
    } else {
      query.setString(next++, requirement.key());
    }
    return next;
  }

  /** Binds the filter's values from parameter {@code first} on; answers the next free one. */
  private static int bind(PreparedStatement query, int first, SnapshotFilter filter)
      throws SQLException {
    int next = bindScope(query, first, filter);
    for (LabelSelector.Requirement requirement :
        filter.labels().map(LabelSelector::requirements).orElse(List.of())) {
      next = bindCondition(query, next, requirement, false);
    }
    return next;
  }

  /** Binds the filter's account, server and status from parameter {@code first} on. */
  private static int bindScope(PreparedStatement query, int first, SnapshotFilter filter)
      throws SQLException {
    int next = first;
    query.setLong(next++, filter.owner().value());
    if (filter.server().isPresent()) {
      query.setLong(next++, filter.server().get().value());
    }
    if (filter.status().isPresent()) {
      query.setString(next++, filter.status().get().code());
    }
    return next;
  }

  private static SnapshotView toView(ResultSet row) throws SQLException {
    return new SnapshotView(
        DomainMapping.toSnapshot(row), new ServerName(row.getString("server_name")));
  }
}
