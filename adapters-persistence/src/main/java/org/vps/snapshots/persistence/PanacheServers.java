package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerStatus;

@ApplicationScoped
public class PanacheServers implements Servers, PanacheRepositoryBase<ServerEntity, Long> {

  // Every command on a server begins here: the row is read and locked in plain SQL, and the
  // aggregate is written back the same way, without an entity in the session.
  @Override
  public Optional<Server> lock(ServerId id) {
    return Jdbc.queryFirst(
        getEntityManager(),
        "select " + DomainMapping.SERVER_COLUMNS + " from servers where id = ? for update",
        row -> row.setLong(1, id.value()),
        DomainMapping::toServer);
  }

  @Override
  public Optional<Server> lockOwned(AccountId owner, ServerId id) {
    return Jdbc.queryFirst(
        getEntityManager(),
        "select "
            + DomainMapping.SERVER_COLUMNS
            + " from servers where id = ? and account_id = ? for update",
        row -> {
          row.setLong(1, id.value());
          row.setLong(2, owner.value());
        },
        DomainMapping::toServer);
  }

  @Override
  public Optional<Server> findOwned(AccountId owner, ServerId id) {
    return find("id = ?1 and accountId = ?2", id.value(), owner.value())
        .firstResultOptional()
        .map(DomainMapping::toServer);
  }

  @Override
  public Page<Server> listOwned(AccountId owner, PageRequest page) {
    var query = find("accountId", Sort.by("id"), owner.value());
    long total = query.count();
    var rows = query.range((int) page.offset(), (int) page.offset() + page.size() - 1).list();
    return new Page<>(rows.stream().map(DomainMapping::toServer).toList(), total);
  }

  @Override
  public boolean exists(ServerId id) {
    return count("id", id.value()) > 0;
  }

  @Override
  public boolean add(Server server) {
    ServerEntity row = new ServerEntity();
    DomainMapping.copy(server, row);
    // Two registrations of one id at once: the second finds the first, never a key violation.
    return getEntityManager()
            .createNativeQuery(
                "insert into servers (id, account_id, name, status, power_state_before_restore,"
                    + " restoring_from, restore_started_at, created_at)"
                    + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) on conflict (id) do nothing")
            .setParameter(1, row.id)
            .setParameter(2, row.accountId)
            .setParameter(3, row.name)
            .setParameter(4, row.status)
            .setParameter(5, row.powerStateBeforeRestore)
            .setParameter(6, row.restoringFrom)
            .setParameter(7, row.restoreStartedAt)
            .setParameter(8, Instant.now())
            .executeUpdate()
        == 1;
  }

  @Override
  public void update(Server server) {
    Jdbc.updateOne(
        getEntityManager(),
        "update servers set name = ?, status = ?, power_state_before_restore = ?,"
            + " restoring_from = ?, restore_started_at = ? where id = ?",
        row -> {
          row.setString(1, server.name().value());
          row.setString(2, server.status().value());
          row.setString(3, server.powerStateBeforeRestore().map(ServerStatus::value).orElse(null));
          Jdbc.setLong(row, 4, server.restoringFrom().map(SnapshotId::value).orElse(null));
          Jdbc.setInstant(row, 5, server.restoreStartedAt().orElse(null));
          row.setLong(6, server.id().value());
        },
        "a server");
  }

  @Override
  public void remove(ServerId id) {
    deleteById(id.value());
  }
}
