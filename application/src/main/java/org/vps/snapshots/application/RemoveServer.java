package org.vps.snapshots.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.Server;
import org.vps.snapshots.domain.ServerId;

/** The platform removed a server: its snapshots go with it. */
@ApplicationScoped
public class RemoveServer {
  private final Servers servers;
  private final Snapshots snapshots;
  private final Outbox outbox;
  private final Clock clock;

  @Inject
  public RemoveServer(Servers servers, Snapshots snapshots, Outbox outbox, Clock clock) {
    this.servers = servers;
    this.snapshots = snapshots;
    this.outbox = outbox;
    this.clock = clock;
  }

  @Transactional
  public void execute(ServerId id) {
    Server server = servers.lock(id).orElseThrow(() -> NotFoundException.server(id));
    server.decommission(snapshots.ofServer(id), clock);
    snapshots.removeAllOf(id);
    servers.remove(id);
    outbox.append(server.pullEvents());
  }
}
