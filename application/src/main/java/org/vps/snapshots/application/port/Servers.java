package org.vps.snapshots.application.port;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.snapshot.Server;

/** Where servers are kept. Every write use case locks the server before it reads its snapshots. */
public interface Servers {

  /** The server, locked until the transaction ends, whoever owns it. */
  Optional<Server> lock(ServerId id);

  /**
   * The server locked until the transaction ends, if {@code owner} owns it; anyone else's server is
   * neither locked nor waited for.
   */
  Optional<Server> lockOwned(AccountId owner, ServerId id);

  /**
   * Those of {@code wanted} (each server with the account that must own it) that their account owns
   * and no other transaction holds, locked until the transaction ends; a server held elsewhere is
   * skipped, never waited for.
   */
  default Map<ServerId, Server> lockOwnedUnlessHeld(Map<ServerId, AccountId> wanted) {
    Map<ServerId, Server> locked = new HashMap<>();
    wanted.forEach((id, owner) -> lockOwned(owner, id).ifPresent(s -> locked.put(id, s)));
    return locked;
  }

  Optional<Server> findOwned(AccountId owner, ServerId id);

  Page<Server> listOwned(AccountId owner, PageRequest page);

  boolean exists(ServerId id);

  /** Stores a new server; false, and nothing stored, when a server with its id exists. */
  boolean add(Server server);

  void update(Server server);

  void remove(ServerId id);

  /** Every host some server runs on. */
  Set<Host> hosts();
}
