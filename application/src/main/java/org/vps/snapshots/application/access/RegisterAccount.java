package org.vps.snapshots.application.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.vps.snapshots.application.port.AccountName;
import org.vps.snapshots.application.port.Accounts;
import org.vps.snapshots.domain.AccountId;

/** The platform registers a customer account. */
@ApplicationScoped
public class RegisterAccount {
  private final Accounts accounts;

  @Inject
  public RegisterAccount(Accounts accounts) {
    this.accounts = accounts;
  }

  @Transactional
  public AccountId execute(AccountName name) {
    return accounts.add(name);
  }
}
