package org.vps.snapshots.application.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.application.snapshot.Purges;
import org.vps.snapshots.application.work.WorkPolicy;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.snapshot.Server;

/**
 * The platform removed a server: its snapshots go with it, their data is purged, and its work in
 * flight is cancelled (a running job is asked to stop and ends itself).
 */
@ApplicationScoped
public class RemoveServer {
  private final Servers servers;
  private final Snapshots snapshots;
  private final Operations operations;
  private final Purges purges;
  private final WorkPolicy policy;
  private final Clock clock;

  @Inject
  public RemoveServer(
      Servers servers,
      Snapshots snapshots,
      Operations operations,
      Purges purges,
      WorkPolicy policy,
      Clock clock) {
    this.servers = servers;
    this.snapshots = snapshots;
    this.operations = operations;
    this.purges = purges;
    this.policy = policy;
    this.clock = clock;
  }

  @Transactional
  public void execute(ServerId id) {
    Server server = servers.lock(id).orElseThrow(() -> NotFoundException.server(id));
    for (Operation running : operations.lockUnendedOf(id)) {
      running.askToStop(Operation.StopRequest.CANCEL, policy.deadlineReason(), clock.instant());
      operations.update(running);
    }
    server.decommission(snapshots.ofServer(id), operations::nextId, clock);
    snapshots.removeAllOf(id);
    servers.remove(id);
    purges.queueFor(server, server.pullEvents());
  }
}
