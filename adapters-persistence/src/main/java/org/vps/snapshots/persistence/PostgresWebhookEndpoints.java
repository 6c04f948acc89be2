package org.vps.snapshots.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vps.snapshots.application.port.WebhookEndpoints;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.webhook.WebhookEndpoint;
import org.vps.snapshots.domain.webhook.WebhookId;

@ApplicationScoped
public class PostgresWebhookEndpoints implements WebhookEndpoints {
  /** The advisory locks that take one account's registrations one at a time: (this, account). */
  static final int REGISTRATION_LOCK_CLASS = 7_301;

  private static final String SELECT =
      "select " + DomainMapping.WEBHOOK_ENDPOINTS.list() + " from webhook_endpoints";

  private final EntityManager entityManager;

  @Inject
  public PostgresWebhookEndpoints(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  @Override
  public WebhookId nextId() {
    return new WebhookId(
        Jdbc.queryFirst(
                entityManager, "select nextval('webhook_ids')", row -> {}, row -> row.getLong(1))
            .orElseThrow());
  }

  @Override
  public int lockCount(AccountId account) {
    return Jdbc.queryFirst(
            entityManager,
            "select pg_advisory_xact_lock(?, ?::int),"
                + " (select count(*) from webhook_endpoints where account_id = ?)",
            row -> {
              row.setInt(1, REGISTRATION_LOCK_CLASS);
              row.setLong(2, account.value() & 0x7fffffffL);
              row.setLong(3, account.value());
            },
            row -> row.getInt(2))
        .orElseThrow();
  }

  @Override
  public void add(WebhookEndpoint endpoint) {
    Jdbc.update(
        entityManager,
        DomainMapping.WEBHOOK_ENDPOINTS.insert(),
        row -> DomainMapping.bind(endpoint, row));
  }

  @Override
  public Optional<WebhookEndpoint> find(AccountId account, WebhookId id) {
    return Jdbc.ownedRow(
        entityManager, SELECT, id.value(), account, DomainMapping::toWebhookEndpoint);
  }

  @Override
  public Optional<WebhookEndpoint> lock(WebhookId id) {
    return Jdbc.queryFirst(
        entityManager,
        SELECT + " where id = ? for update",
        row -> row.setLong(1, id.value()),
        DomainMapping::toWebhookEndpoint);
  }

  @Override
  public List<WebhookEndpoint> of(AccountId account) {
    return Jdbc.query(
        entityManager,
        SELECT + " where account_id = ? order by id",
        row -> row.setLong(1, account.value()),
        DomainMapping::toWebhookEndpoint);
  }

  @Override
  public List<WebhookEndpoint> enabledOf(Set<AccountId> accounts) {
    return Jdbc.query(
        entityManager,
        SELECT + " where account_id = any (?) and enabled order by id",
        row ->
            row.setArray(
                1,
                row.getConnection()
                    .createArrayOf("bigint", accounts.stream().map(AccountId::value).toArray())),
        DomainMapping::toWebhookEndpoint);
  }

  @Override
  public void update(WebhookEndpoint endpoint) {
    Jdbc.updateOne(
        entityManager,
        DomainMapping.WEBHOOK_ENDPOINTS.update(),
        row -> {
          DomainMapping.bind(endpoint, row);
          row.setLong(DomainMapping.WEBHOOK_ENDPOINTS.nextParameter(), endpoint.id().value());
        },
        "a webhook endpoint");
  }

  @Override
  public boolean remove(AccountId account, WebhookId id) {
    return Jdbc.update(
            entityManager,
            "delete from webhook_endpoints where id = ? and account_id = ?",
            row -> {
              row.setLong(1, id.value());
              row.setLong(2, account.value());
            })
        == 1;
  }
}
