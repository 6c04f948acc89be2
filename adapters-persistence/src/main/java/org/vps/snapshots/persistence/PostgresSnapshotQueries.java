package org.vps.snapshots.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  private final EntityManager entityManager;

  @Inject
  public PostgresSnapshotQueries(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * One page and its total in one statement: the rows through the account's (or server's) newest-
   * first index, the total from the counters the database keeps ({@code snapshot_counts}), so that
   * neither grows with the account. Both read the same snapshot of the data. A label selector is
   * listed by {@link #listSelected}.
   */
  @Override
  public Page<SnapshotView> list(SnapshotFilter filter, PageRequest page) {
    if (filter.labels().isPresent()) {
      return listSelected(filter, filter.labels().get(), page);
    }
    String total =
        "(select coalesce(sum(c.n), 0) from snapshot_counts c" + where("c", filter) + ")";
    List<long[]> count = new ArrayList<>(1);
    List<SnapshotView> views =
        Jdbc.query(
            entityManager,
            COLUMNS
                + ", "
                + total
                + " as total"
                + FROM
                + where("s", filter)
                + " order by s.created_at desc, s.id desc"
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
          Jdbc.query(
                  entityManager,
                  "select " + total,
                  query -> bind(query, 1, filter),
                  row -> row.getLong(1))
              .get(0));
    }
    return new Page<>(views, count.get(0)[0]);
  }

  /**
   * The page of a label selector, by two statements. First its total, and the account's (or
   * server's): a selector of one {@code key=value} reads its total from the counters the database
   * keeps per label ({@code snapshot_label_counts}), any other counts the matching rows through the
   * labels' GIN index. Then the rows, by the plan the total calls for: none past it; a walk down
   * the newest-first index when at least one snapshot in 200 matches, so that 50 are met soon; the
   * GIN index and a sort when fewer do, so that a rare (or absent) match never walks the whole
   * account.
   */
  private Page<SnapshotView> listSelected(
      SnapshotFilter filter, LabelSelector selector, PageRequest page) {
    List<LabelSelector.Requirement> requirements = selector.requirements();
    boolean oneLabel =
        requirements.size() == 1 && requirements.get(0).operator() == LabelSelector.Operator.EQUALS;
    String matchingTotal =
        oneLabel
            ? "(select coalesce(sum(c.n), 0) from snapshot_label_counts c"
                + scope("c", filter)
                + " and c.label_key = ? and c.label_value = ?)"
            : "(select count(*) from snapshots c" + where("c", filter) + ")";
    long[] totals =
        Jdbc.queryPlannedForItsValues(
                entityManager,
                "select "
                    + matchingTotal
                    + ", (select coalesce(sum(c.n), 0) from snapshot_counts c"
                    + scope("c", filter)
                    + ")",
                query -> {
                  int next;
                  if (oneLabel) {
                    next = bindScope(query, 1, filter);
                    query.setString(next++, requirements.get(0).key());
                    query.setString(next++, requirements.get(0).value());
                  } else {
                    next = bind(query, 1, filter);
                  }
                  bindScope(query, next, filter);
                },
                row -> new long[] {row.getLong(1), row.getLong(2)})
            .get(0);
    long matching = totals[0];
    if (matching == 0 || page.offset() >= matching) {
      return new Page<>(List.of(), matching);
    }
    boolean common = matching * 200 >= totals[1];
    StringBuilder conditions = new StringBuilder(scope("s", filter));
    requirements.forEach(r -> conditions.append(" and ").append(condition("s", r, common)));
    List<SnapshotView> views =
        Jdbc.queryPlannedForItsValues(
            entityManager,
            COLUMNS
                + FROM
                + conditions
                + " order by s.created_at desc, s.id desc"
                + Jdbc.limitOffset(page),
            query -> {
              int next = bindScope(query, 1, filter);
              for (LabelSelector.Requirement r : requirements) {
                next = bindCondition(query, next, r, common);
              }
            },
            PostgresSnapshotQueries::toView);
    return new Page<>(views, matching);
  }

  @Override
  public Optional<SnapshotView> findOwned(AccountId owner, SnapshotId id) {
    return Jdbc.queryFirst(
        entityManager,
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
    query.setString(
        next++,
        compared
            ? DomainMapping.json(Map.of(requirement.key(), requirement.value()))
            : requirement.key());
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
