package org.vps.snapshots.application.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.snapshot.Server;

/** A customer looks at one of their servers. */
@ApplicationScoped
public class GetServer {
  private final Servers servers;

  @Inject
  public GetServer(Servers servers) {
    this.servers = servers;
  }

  // A read: no transaction of its own, each query sees committed data.
  @Transactional(Transactional.TxType.SUPPORTS)
  public Server execute(AccountId owner, ServerId id) {
    return servers.findOwned(owner, id).orElseThrow(() -> NotFoundException.server(id));
  }
}
