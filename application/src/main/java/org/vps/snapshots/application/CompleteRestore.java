package org.vps.snapshots.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** A worker reports that a server was restored; it returns to its power state before. */
@ApplicationScoped
public class CompleteRestore {
  private final RestoreWork work;

  @Inject
  public CompleteRestore(Servers servers, Outbox outbox, Clock clock) {
    this.work = new RestoreWork(servers, outbox, clock);
  }

  @Transactional
  public WorkOutcome execute(ServerId server, SnapshotId from) {
    return work.finish(server, from, (restoring, clock) -> restoring.completeRestore(clock));
  }
}
