package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.vps.snapshots.application.access.Caller;
import org.vps.snapshots.application.access.TokenHash;
import org.vps.snapshots.application.access.TokenScope;
import org.vps.snapshots.application.port.ApiTokens;
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

  @Override
  public Optional<Caller> findActive(TokenHash hash) {
    return find("tokenHash = ?1 and revokedAt is null", hash.hex())
        .firstResultOptional()
        .flatMap(
            row ->
                TokenScope.fromCode(row.scope)
                    .map(scope -> new Caller(new AccountId(row.accountId), scope)));
  }

  @Override
  public boolean revoke(long tokenId, Instant revokedAt) {
    Optional<ApiTokenEntity> row = findByIdOptional(tokenId);
    row.filter(token -> token.revokedAt == null).ifPresent(token -> token.revokedAt = revokedAt);
    return row.isPresent();
  }
}
