package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.vps.snapshots.application.Page;
import org.vps.snapshots.application.PageRequest;
import org.vps.snapshots.application.SnapshotFilter;
import org.vps.snapshots.application.SnapshotView;
import org.vps.snapshots.application.port.SnapshotQueries;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.ServerName;
import org.vps.snapshots.domain.SnapshotId;

@ApplicationScoped
public class PanacheSnapshotQueries implements SnapshotQueries {
  private static final String NEWEST_FIRST = " order by s.createdAt desc, s.id desc";

  private final PanacheSnapshots snapshots;

  @Inject
  public PanacheSnapshotQueries(PanacheSnapshots snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public Page<SnapshotView> list(SnapshotFilter filter, PageRequest page) {
    StringBuilder where = new StringBuilder("s.accountId = :owner");
    Map<String, Object> params = new HashMap<>();
    params.put("owner", filter.owner().value());
    filter
        .server()
        .ifPresent(
            server -> {
              where.append(" and s.serverId = :server");
              params.put("server", server.value());
            });
    filter
        .status()
        .ifPresent(
            status -> {
              where.append(" and s.status = :status");
              params.put("status", status.code());
            });
    long total = snapshots.count("from SnapshotEntity s where " + where, params);
    if (total <= page.offset()) {
      return new Page<>(java.util.List.of(), total);
    }
    PanacheQuery<SnapshotEntity> query =
        snapshots.find(
            "select s from SnapshotEntity s join fetch s.server where " + where + NEWEST_FIRST,
            params);
    var rows = query.range((int) page.offset(), (int) page.offset() + page.size() - 1).list();
    return new Page<>(rows.stream().map(PanacheSnapshotQueries::toView).toList(), total);
  }

  @Override
  public Optional<SnapshotView> findOwned(AccountId owner, SnapshotId id) {
    return snapshots
        .find(
            "select s from SnapshotEntity s join fetch s.server where s.id = ?1 and s.accountId = ?2",
            id.value(),
            owner.value())
        .firstResultOptional()
        .map(PanacheSnapshotQueries::toView);
  }

  private static SnapshotView toView(SnapshotEntity row) {
    return new SnapshotView(DomainMapping.toSnapshot(row), new ServerName(row.server.name));
  }
}
