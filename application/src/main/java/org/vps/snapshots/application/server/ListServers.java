package org.vps.snapshots.application.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.snapshot.Server;

/** A customer lists their servers. */
@ApplicationScoped
public class ListServers {
  private final Servers servers;

  @Inject
  public ListServers(Servers servers) {
    this.servers = servers;
  }

  // A read: no transaction of its own, each query sees committed data.
  @Transactional(Transactional.TxType.SUPPORTS)
  public Page<Server> execute(AccountId owner, PageRequest page) {
    return servers.listOwned(owner, page);
  }
}
