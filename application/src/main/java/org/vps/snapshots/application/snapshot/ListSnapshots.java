package org.vps.snapshots.application.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.SnapshotFilter;
import org.vps.snapshots.application.port.SnapshotQueries;
import org.vps.snapshots.application.port.SnapshotView;

/** A customer lists their snapshots, newest first, optionally of one server or in one status. */
@ApplicationScoped
public class ListSnapshots {
  private final SnapshotQueries queries;

  @Inject
  public ListSnapshots(SnapshotQueries queries) {
    this.queries = queries;
  }

  // A read: no transaction, each query sees what was committed when it started.
  public Page<SnapshotView> execute(SnapshotFilter filter, PageRequest page) {
    return queries.list(filter, page);
  }
}
