package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.Operation;

@ApplicationScoped
public class PostgresOperations
    implements Operations, PanacheRepositoryBase<OperationEntity, Long> {
  private final IdBlock ids = new IdBlock("operation_ids");

  private static final List<String> UNENDED = List.of("queued", "running");

  @Override
  public OperationId nextId() {
    return new OperationId(ids.next(getEntityManager()));
  }

  @Override
  public void add(Operation operation) {
    Jdbc.update(
        getEntityManager(),
        DomainMapping.OPERATIONS.insert(),
        row -> DomainMapping.bind(operation, row));
  }

  @Override
  public void addAll(List<Operation> added) {
    Jdbc.insertAll(getEntityManager(), DomainMapping.OPERATIONS, added, DomainMapping::bind);
  }

  @Override
  public Optional<Operation> lock(OperationId id) {
    return Jdbc.queryFirst(
        getEntityManager(),
        "select " + DomainMapping.OPERATIONS.list() + " from operations where id = ? for update",
        row -> row.setLong(1, id.value()),
        DomainMapping::toOperation);
  }

  @Override
  public Optional<ServerId> serverOf(OperationId id) {
    return getEntityManager()
        .createQuery("select o.serverId from OperationEntity o where o.id = :id", Long.class)
        .setParameter("id", id.value())
        .getResultStream()
        .findFirst()
        .map(ServerId::new);
  }

  @Override
  public void update(Operation operation) {
    Jdbc.updateOne(
        getEntityManager(),
        DomainMapping.OPERATIONS.update(),
        row -> {
          DomainMapping.bind(operation, row);
          row.setLong(DomainMapping.OPERATIONS.nextParameter(), operation.id().value());
        },
        "an operation");
  }

  @Override
  public void lockServerWork(ServerId server) {
    getEntityManager()
        .createNativeQuery(
            "select pg_advisory_xact_lock(hashtextextended('snapshots.server-work.' || ?1, 0))")
        .setParameter(1, Long.toString(server.value()))
        .getSingleResult();
  }

  /**
   * A job's two reads of its server's unended operations, plain statements that a job runs without
   * building a query of Hibernate's each time. Each finds its rows by server: statistics gathered
   * when every operation had ended describe the partial indexes of unended ones as empty, and a
   * plan that scanned one of them whole walked every queued operation for each job (see V18).
   */
  private static final String OTHERS_RUNNING =
      "select exists (select 1 from operations where server_id = ? and id <> ?"
          + " and state = 'running' and lease_expires_at > ?)";

  private static final String NEXT_QUEUED =
      "select id from operations where server_id = ? and id <> ? and state = 'queued'"
          + " order by queued_at, id limit 1";

  @Override
  public boolean othersRunning(ServerId server, OperationId except, Instant now) {
    return Jdbc.queryFirst(
            getEntityManager(),
            OTHERS_RUNNING,
            row -> {
              row.setLong(1, server.value());
              row.setLong(2, except.value());
              Jdbc.setInstant(row, 3, now);
            },
            row -> row.getBoolean(1))
        .orElseThrow();
  }

  @Override
  public Optional<OperationId> nextQueued(ServerId server, OperationId except) {
    return Jdbc.queryFirst(
        getEntityManager(),
        NEXT_QUEUED,
        row -> {
          row.setLong(1, server.value());
          row.setLong(2, except.value());
        },
        row -> new OperationId(row.getLong(1)));
  }

  @Override
  public List<Operation> lockUnendedOf(ServerId server) {
    return Jdbc.query(
        getEntityManager(),
        "select "
            + DomainMapping.OPERATIONS.list()
            + " from operations where server_id = ? and state in ('queued', 'running')"
            + " order by id for update",
        row -> row.setLong(1, server.value()),
        DomainMapping::toOperation);
  }

  @Override
  public Set<SnapshotId> busy(Set<SnapshotId> snapshots) {
    if (snapshots.isEmpty()) {
      return Set.of();
    }
    List<Long> ids = snapshots.stream().map(SnapshotId::value).toList();
    Set<SnapshotId> busy = new HashSet<>();
    getEntityManager()
        .createQuery(
            "select o.snapshotId from OperationEntity o where o.snapshotId in :ids"
                + " and o.state in :unended",
            Long.class)
        .setParameter("ids", ids)
        .setParameter("unended", UNENDED)
        .getResultList()
        .forEach(id -> busy.add(new SnapshotId(id)));
    return busy;
  }

  @Override
  public List<OperationId> needingAttention(Instant now, Instant queuedBefore, int max) {
    return getEntityManager()
        .createQuery(
            "select o.id from OperationEntity o where (o.state = 'running' and (o.leaseExpiresAt"
                + " <= :now or (o.deadline < :now and o.stopRequest is null))) or (o.state ="
                + " 'queued' and (o.deadline < :now or o.queuedAt < :queuedBefore)) order by o.id",
            Long.class)
        .setParameter("now", now)
        .setParameter("queuedBefore", queuedBefore)
        .setMaxResults(max)
        .getResultStream()
        .map(OperationId::new)
        .toList();
  }

  @Override
  public Instant now() {
    return Rows.instant(
        getEntityManager().createNativeQuery("select clock_timestamp()").getSingleResult());
  }

  @Override
  public Optional<Operation> findOwned(AccountId owner, OperationId id) {
    return Jdbc.queryFirst(
        getEntityManager(),
        "select "
            + DomainMapping.OPERATIONS.list()
            + " from operations where id = ? and account_id = ?",
        row -> {
          row.setLong(1, id.value());
          row.setLong(2, owner.value());
        },
        DomainMapping::toOperation);
  }

  @Override
  public Page<Operation> listOwned(AccountId owner, Optional<ServerId> server, PageRequest page) {
    String where = server.isPresent() ? "account_id = ? and server_id = ?" : "account_id = ?";
    List<Operation> rows =
        Jdbc.query(
            getEntityManager(),
            "select "
                + DomainMapping.OPERATIONS.list()
                + " from operations where "
                + where
                + " order by created_at desc, id desc"
                + Jdbc.limitOffset(page),
            row -> {
              row.setLong(1, owner.value());
              if (server.isPresent()) {
                row.setLong(2, server.get().value());
              }
            },
            DomainMapping::toOperation);
    long total =
        server.isPresent()
            ? count("accountId = ?1 and serverId = ?2", owner.value(), server.get().value())
            : count("accountId", owner.value());
    return new Page<>(rows, total);
  }

  @Override
  public Optional<Operation> latestOf(SnapshotId snapshot) {
    return Jdbc.queryFirst(
        getEntityManager(),
        "select "
            + DomainMapping.OPERATIONS.list()
            + " from operations where snapshot_id = ? and kind <> 'purge'"
            + " order by created_at desc, id desc limit 1",
        row -> row.setLong(1, snapshot.value()),
        DomainMapping::toOperation);
  }
}
