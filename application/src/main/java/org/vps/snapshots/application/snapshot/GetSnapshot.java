package org.vps.snapshots.application.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.vps.snapshots.application.port.SnapshotQueries;
import org.vps.snapshots.application.port.SnapshotView;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.SnapshotId;

/** A customer looks at one of their snapshots. */
@ApplicationScoped
public class GetSnapshot {
  private final SnapshotQueries queries;

  @Inject
  public GetSnapshot(SnapshotQueries queries) {
    this.queries = queries;
  }

  // A read: no transaction, each query sees what was committed when it started.
  public SnapshotView execute(AccountId owner, SnapshotId id) {
    return queries.findOwned(owner, id).orElseThrow(() -> NotFoundException.snapshot(id));
  }
}
