package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.snapshot.Server;

@ApplicationScoped
public class PostgresServers implements Servers, PanacheRepositoryBase<ServerEntity, Long> {

  // Every command on a server begins here: the row is read and locked in plain SQL, and the
  // aggregate is written back the same way, without an entity in the session.
  @Override
  public Optional<Server> lock(ServerId id) {
    return Jdbc.queryFirst(
        getEntityManager(),
        "select " + DomainMapping.SERVERS.list() + " from servers where id = ? for update",
        row -> row.setLong(1, id.value()),
        DomainMapping::toServer);
  }

  @Override
  public Optional<Server> lockOwned(AccountId owner, ServerId id) {
    return owned(owner, id, " for update");
  }

  @Override
  public Map<ServerId, Server> lockOwnedUnlessHeld(Map<ServerId, AccountId> wanted) {
    Map<ServerId, Server> locked = new HashMap<>();
    if (wanted.isEmpty()) {
      return locked;
    }
    List<Map.Entry<ServerId, AccountId>> pairs = List.copyOf(wanted.entrySet());
    Jdbc.query(
            getEntityManager(),
            "select "
                + DomainMapping.SERVERS.list()
                + " from servers where id = any (?) and (id, account_id) in"
                + " (select * from unnest(?::bigint[], ?::bigint[])) for update skip locked",
            row -> {
              Object[] ids = pairs.stream().map(pair -> pair.getKey().value()).toArray();
              row.setArray(1, row.getConnection().createArrayOf("bigint", ids));
              row.setArray(2, row.getConnection().createArrayOf("bigint", ids));
              row.setArray(
                  3,
                  row.getConnection()
                      .createArrayOf(
                          "bigint", pairs.stream().map(pair -> pair.getValue().value()).toArray()));
            },
            DomainMapping::toServer)
        .forEach(server -> locked.put(server.id(), server));
    return locked;
  }

  @Override
  public Optional<Server> findOwned(AccountId owner, ServerId id) {
    return owned(owner, id, "");
  }

  private Optional<Server> owned(AccountId owner, ServerId id, String lock) {
    return Jdbc.queryFirst(
        getEntityManager(),
        "select "
            + DomainMapping.SERVERS.list()
            + " from servers where id = ? and account_id = ?"
            + lock,
        row -> {
          row.setLong(1, id.value());
          row.setLong(2, owner.value());
        },
        DomainMapping::toServer);
  }

  @Override
  public Page<Server> listOwned(AccountId owner, PageRequest page) {
    List<Server> rows =
        Jdbc.query(
            getEntityManager(),
            "select "
                + DomainMapping.SERVERS.list()
                + " from servers where account_id = ? order by id"
                + Jdbc.limitOffset(page),
            row -> row.setLong(1, owner.value()),
            DomainMapping::toServer);
    return new Page<>(rows, count("accountId", owner.value()));
  }

  @Override
  public boolean exists(ServerId id) {
    return count("id", id.value()) > 0;
  }

  @Override
  public boolean add(Server server) {
    // Two registrations of one id at once: the second finds the first, never a key violation.
    return Jdbc.update(
            getEntityManager(),
            DomainMapping.SERVERS.insert("created_at") + " on conflict (id) do nothing",
            row -> {
              DomainMapping.bind(server, row);
              Jdbc.setInstant(row, DomainMapping.SERVERS.nextParameter(), Instant.now());
            })
        == 1;
  }

  @Override
  public Set<Host> hosts() {
    return Jdbc.query(
            getEntityManager(),
            "select distinct host from servers where host is not null",
            row -> {},
            row -> new Host(row.getString("host")))
        .stream()
        .collect(Collectors.toSet());
  }

  @Override
  public void update(Server server) {
    Jdbc.updateOne(
        getEntityManager(),
        DomainMapping.SERVERS.update(),
        row -> {
          DomainMapping.bind(server, row);
          row.setLong(DomainMapping.SERVERS.nextParameter(), server.id().value());
        },
        "a server");
  }

  @Override
  public void remove(ServerId id) {
    deleteById(id.value());
  }
}
