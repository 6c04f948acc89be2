package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.application.port.Caller;
import org.vps.snapshots.application.port.TokenHash;
import org.vps.snapshots.application.port.TokenScope;
import org.vps.snapshots.domain.AccountId;

@ApplicationScoped
public class PanacheApiTokens implements ApiTokens, PanacheRepositoryBase<ApiTokenEntity, Long> {

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

  /** Every request asks this: plain SQL on the unique hash index, nothing more. */
  @Override
  public Optional<Caller> findActive(TokenHash hash) {
    return getEntityManager()
        .createNativeQuery(
            "select account_id, scope, id from api_tokens where token_hash = :hash and revoked_at is null")
        .setParameter("hash", hash.hex())
        .getResultStream()
        .findFirst()
        .flatMap(
            row -> {
              Object[] columns = (Object[]) row;
              return TokenScope.fromCode(((String) columns[1]).strip())
                  .map(
                      scope ->
                          new Caller(
                              new AccountId(((Number) columns[0]).longValue()),
                              scope,
                              ((Number) columns[2]).longValue()));
            });
  }

  @Override
  public boolean revoke(long tokenId, Instant revokedAt) {
    Optional<ApiTokenEntity> row = findByIdOptional(tokenId);
    row.filter(token -> token.revokedAt == null).ifPresent(token -> token.revokedAt = revokedAt);
    return row.isPresent();
  }
}
