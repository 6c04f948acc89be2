package org.vps.snapshots.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.vps.snapshots.application.port.AccountName;
import org.vps.snapshots.application.port.Accounts;
import org.vps.snapshots.domain.AccountId;

@ApplicationScoped
public class PostgresAccounts implements Accounts, PanacheRepositoryBase<AccountEntity, Long> {

  @Override
  public AccountId add(AccountName name) {
    AccountEntity row = new AccountEntity();
    row.name = name.value();
    row.createdAt = Instant.now();
    persistAndFlush(row);
    return new AccountId(row.id);
  }

  @Override
  public boolean exists(AccountId id) {
    // Plain SQL: Panache's count builds and translates a new count query on every call.
    return Jdbc.queryFirst(
            getEntityManager(),
            "select 1 from accounts where id = ?",
            query -> query.setLong(1, id.value()),
            row -> true)
        .isPresent();
  }
}
