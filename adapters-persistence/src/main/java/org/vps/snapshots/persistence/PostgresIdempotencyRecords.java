package org.vps.snapshots.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.Optional;
import org.vps.snapshots.application.port.IdempotencyKey;
import org.vps.snapshots.application.port.IdempotencyRecord;
import org.vps.snapshots.application.port.IdempotencyRecord.StoredResponse;
import org.vps.snapshots.application.port.IdempotencyRecords;
import org.vps.snapshots.domain.AccountId;

/** Idempotency records in PostgreSQL, claimed with a transaction-scoped advisory lock. */
@ApplicationScoped
public class PostgresIdempotencyRecords implements IdempotencyRecords {
  private final EntityManager entityManager;

  @Inject
  public PostgresIdempotencyRecords(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  @Override
  public boolean tryClaim(AccountId account, IdempotencyKey key) {
    Object claimed =
        entityManager
            .createNativeQuery("select pg_try_advisory_xact_lock(hashtextextended(:lock, 7))")
            .setParameter("lock", "idempotency:" + account.value() + ":" + key.value())
            .getSingleResult();
    return Boolean.TRUE.equals(claimed);
  }

  @Override
  public Optional<IdempotencyRecord> find(
      AccountId account, IdempotencyKey key, Instant notBefore) {
    return entityManager
        .createNativeQuery(
            "select request_fingerprint, response_status, response_body, stored_at"
                + " from idempotency_records"
                + " where account_id = :account and idempotency_key = :key and stored_at >= :notBefore",
            Tuple.class)
        .setParameter("account", account.value())
        .setParameter("key", key.value())
        .setParameter("notBefore", notBefore)
        .getResultStream()
        .findFirst()
        .map(row -> toRecord(account, key, (Tuple) row));
  }

  @Override
  public void save(IdempotencyRecord record) {
    entityManager
        .createNativeQuery(
            "insert into idempotency_records"
                + " (account_id, idempotency_key, request_fingerprint, response_status, response_body, stored_at)"
                + " values (:account, :key, :fingerprint, :status, :body, :storedAt)"
                + " on conflict (account_id, idempotency_key) do update set"
                + " request_fingerprint = excluded.request_fingerprint,"
                + " response_status = excluded.response_status,"
                + " response_body = excluded.response_body, stored_at = excluded.stored_at")
        .setParameter("account", record.account().value())
        .setParameter("key", record.key().value())
        .setParameter("fingerprint", record.requestFingerprint())
        .setParameter("status", record.response().status())
        .setParameter("body", record.response().body())
        .setParameter("storedAt", record.storedAt())
        .executeUpdate();
  }

  @Override
  public int removeStoredBefore(Instant storedBefore) {
    return entityManager
        .createNativeQuery("delete from idempotency_records where stored_at < :before")
        .setParameter("before", storedBefore)
        .executeUpdate();
  }

  private static IdempotencyRecord toRecord(AccountId account, IdempotencyKey key, Tuple row) {
    return new IdempotencyRecord(
        account,
        key,
        row.get(0, String.class),
        new StoredResponse(row.get(1, Integer.class), row.get(2, String.class)),
        row.get(3, Instant.class));
  }
}
