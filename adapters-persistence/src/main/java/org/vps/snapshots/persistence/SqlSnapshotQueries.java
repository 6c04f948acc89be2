package org.vps.snapshots.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vps.snapshots.application.Page;
import org.vps.snapshots.application.PageRequest;
import org.vps.snapshots.application.SnapshotFilter;
import org.vps.snapshots.application.SnapshotView;
import org.vps.snapshots.application.port.SnapshotQueries;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Description;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.ServerName;
import org.vps.snapshots.domain.Snapshot;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.SnapshotName;
import org.vps.snapshots.domain.SnapshotStatus;

/**
 * The read side in plain SQL: customers list and look at snapshots far more often than they change
 * them, and these queries are the service's hot path. One query gives a page and its total.
 */
@ApplicationScoped
public class SqlSnapshotQueries implements SnapshotQueries {
  private static final String COLUMNS =
      "select s.id, s.account_id, s.server_id, s.name, s.description, s.status, s.size_mb,"
          + " s.progress, s.failure_reason, s.created_at, s.finished_at, v.name as server_name";
  private static final String FROM = " from snapshots s join servers v on v.id = s.server_id";

  private final EntityManager entityManager;

  @Inject
  public SqlSnapshotQueries(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * One page and its total in one statement: the rows through the account's (or server's) newest-
   * first index, the total from the counters the database keeps ({@code snapshot_counts}), so that
   * neither grows with the account. Both read the same snapshot of the data.
   */
  @Override
  public Page<SnapshotView> list(SnapshotFilter filter, PageRequest page) {
    StringBuilder where = new StringBuilder(" where s.account_id = :owner");
    StringBuilder counted = new StringBuilder(" where c.account_id = :owner");
    filter
        .server()
        .ifPresent(
            server -> {
              where.append(" and s.server_id = :server");
              counted.append(" and c.server_id = :server");
            });
    filter
        .status()
        .ifPresent(
            status -> {
              where.append(" and s.status = :status");
              counted.append(" and c.status = :status");
            });
    String total = "(select coalesce(sum(c.n), 0) from snapshot_counts c" + counted + ")";
    Query rows =
        bind(
            entityManager.createNativeQuery(
                COLUMNS
                    + ", "
                    + total
                    + " as total"
                    + FROM
                    + where
                    + " order by s.created_at desc, s.id desc limit :size offset :offset"),
            filter);
    rows.setParameter("size", page.size()).setParameter("offset", page.offset());
    List<SnapshotView> views = new ArrayList<>();
    long count = -1;
    for (Object row : rows.getResultList()) {
      Object[] columns = (Object[]) row;
      views.add(toView(columns));
      count = ((Number) columns[12]).longValue();
    }
    if (count < 0) {
      count =
          ((Number)
                  bind(entityManager.createNativeQuery("select " + total), filter)
                      .getSingleResult())
              .longValue();
    }
    return new Page<>(views, count);
  }

  @Override
  public Optional<SnapshotView> findOwned(AccountId owner, SnapshotId id) {
    return entityManager
        .createNativeQuery(COLUMNS + FROM + " where s.id = :id and s.account_id = :owner")
        .setParameter("id", id.value())
        .setParameter("owner", owner.value())
        .getResultStream()
        .findFirst()
        .map(row -> toView((Object[]) row));
  }

  private static Query bind(Query query, SnapshotFilter filter) {
    query.setParameter("owner", filter.owner().value());
    filter.server().ifPresent(server -> query.setParameter("server", server.value()));
    filter.status().ifPresent(status -> query.setParameter("status", status.code()));
    return query;
  }

  private static SnapshotView toView(Object[] c) {
    Snapshot snapshot =
        Snapshot.fromStorage(
            new SnapshotId(((Number) c[0]).longValue()),
            new AccountId(((Number) c[1]).longValue()),
            new ServerId(((Number) c[2]).longValue()),
            new SnapshotName((String) c[3]),
            new Description((String) c[4]),
            Rows.instant(c[9]),
            SnapshotStatus.fromCode((String) c[5])
                .orElseThrow(() -> new IllegalStateException("unknown snapshot status in storage")),
            Rows.longOrNull(c[6]),
            ((Number) c[7]).intValue(),
            (String) c[8],
            Rows.instant(c[10]));
    return new SnapshotView(snapshot, new ServerName((String) c[11]));
  }
}
