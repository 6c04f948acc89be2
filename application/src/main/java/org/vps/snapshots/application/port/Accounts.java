package org.vps.snapshots.application.port;

import org.vps.snapshots.domain.AccountId;

/** The accounts the platform registered. */
public interface Accounts {

  AccountId add(AccountName name);

  boolean exists(AccountId id);
}
