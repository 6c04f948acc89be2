package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.ServerSnapshots;
import org.vps.snapshots.domain.snapshot.Snapshot;

@ApplicationScoped
public class PostgresSnapshots implements Snapshots, PanacheRepositoryBase<SnapshotEntity, Long> {
  private final IdBlock ids = new IdBlock("snapshot_ids");

  @Override
  public SnapshotId nextId() {
    return new SnapshotId(ids.next(getEntityManager()));
  }

  @Override
  public Optional<Owner> ownerOf(SnapshotId id) {
    return getEntityManager()
        .createQuery(
            "select s.accountId as accountId, s.serverId as serverId from SnapshotEntity s where s.id = :id",
            Tuple.class)
        .setParameter("id", id.value())
        .getResultStream()
        .findFirst()
        .map(
            row ->
                new Owner(
                    new AccountId(row.get("accountId", Long.class)),
                    new ServerId(row.get("serverId", Long.class))));
  }

  @Override
  public ServerSnapshots ofServer(ServerId server) {
    return new ServerSnapshots(
        Jdbc.query(
            getEntityManager(),
            "select "
                + DomainMapping.SNAPSHOTS.list()
                + " from snapshots where server_id = ? order by created_at, id",
            row -> row.setLong(1, server.value()),
            DomainMapping::toSnapshot));
  }

  @Override
  public Map<ServerId, ServerSnapshots> ofServers(Set<ServerId> servers) {
    Map<ServerId, List<Snapshot>> found = new HashMap<>();
    servers.forEach(server -> found.put(server, new ArrayList<>()));
    if (!servers.isEmpty()) {
      Jdbc.query(
              getEntityManager(),
              "select "
                  + DomainMapping.SNAPSHOTS.list()
                  + " from snapshots where server_id = any (?) order by created_at, id",
              row ->
                  row.setArray(
                      1,
                      row.getConnection()
                          .createArrayOf(
                              "bigint", servers.stream().map(ServerId::value).toArray())),
              DomainMapping::toSnapshot)
          .forEach(snapshot -> found.get(snapshot.serverId()).add(snapshot));
    }
    Map<ServerId, ServerSnapshots> all = new HashMap<>();
    found.forEach((server, snapshots) -> all.put(server, new ServerSnapshots(snapshots)));
    return all;
  }

  @Override
  public void addAll(List<Snapshot> added) {
    Jdbc.insertAll(getEntityManager(), DomainMapping.SNAPSHOTS, added, DomainMapping::bind);
  }

  @Override
  public void add(Snapshot snapshot) {
    Jdbc.update(
        getEntityManager(),
        DomainMapping.SNAPSHOTS.insert(),
        row -> DomainMapping.bind(snapshot, row));
  }

  @Override
  public void update(Snapshot snapshot) {
    Jdbc.updateOne(
        getEntityManager(),
        DomainMapping.SNAPSHOTS.update(),
        row -> {
          DomainMapping.bind(snapshot, row);
          row.setLong(DomainMapping.SNAPSHOTS.nextParameter(), snapshot.id().value());
        },
        "a snapshot");
  }

  @Override
  public void remove(SnapshotId id) {
    deleteById(id.value());
  }

  @Override
  public void updateProgress(SnapshotId id, int percent) {
    update("progress = ?1 where id = ?2 and status = 'in_progress'", (short) percent, id.value());
  }

  @Override
  public Set<SnapshotId> wanted(Set<SnapshotId> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    return getEntityManager()
        .createQuery(
            "select s.id from SnapshotEntity s where s.id in :ids and s.status <> 'failed'",
            Long.class)
        .setParameter("ids", ids.stream().map(SnapshotId::value).toList())
        .getResultStream()
        .map(SnapshotId::new)
        .collect(Collectors.toSet());
  }

  @Override
  public void removeAllOf(ServerId server) {
    // Through the session, not a bulk delete: the rows the caller read are managed, and a bulk
    // delete behind the session's back leaves them pointing at a server about to be removed.
    list("serverId", server.value()).forEach(this::delete);
  }
}
