package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.Optional;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.application.port.Caller;
import org.vps.snapshots.application.port.TokenHash;
import org.vps.snapshots.application.port.TokenScope;
import org.vps.snapshots.domain.AccountId;

@ApplicationScoped
public class PostgresApiTokens implements ApiTokens, PanacheRepositoryBase<ApiTokenEntity, Long> {

  @Override
  public long add(AccountId account, TokenHash hash, TokenScope scope, Instant issuedAt) {
    ApiTokenEntity row = new ApiTokenEntity();
    row.accountId = account.value();
    row.tokenHash = hash.hex();
    row.scope = scope.code();
    row.issuedAt = issuedAt;
    persistAndFlush(row);
    return row.id;
  }

  @Override
  public Optional<Caller> findActive(TokenHash hash) {
    return getEntityManager()
        .createQuery(
            "select t.accountId as account, t.scope as scope, t.id as id from ApiTokenEntity t"
                + " where t.tokenHash = :hash and t.revokedAt is null",
            Tuple.class)
        .setParameter("hash", hash.hex())
        .getResultStream()
        .findFirst()
        .flatMap(
            row ->
                TokenScope.fromCode(row.get("scope", String.class).strip())
                    .map(
                        scope ->
                            new Caller(
                                new AccountId(row.get("account", Long.class)),
                                scope,
                                row.get("id", Long.class))));
  }

  @Override
  public boolean revoke(long tokenId, Instant revokedAt) {
    Optional<ApiTokenEntity> row = findByIdOptional(tokenId);
    row.filter(token -> token.revokedAt == null).ifPresent(token -> token.revokedAt = revokedAt);
    return row.isPresent();
  }
}
