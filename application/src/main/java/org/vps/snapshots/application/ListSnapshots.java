package org.vps.snapshots.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.vps.snapshots.application.port.SnapshotQueries;

/** A customer lists their snapshots, newest first, optionally of one server or in one status. */
@ApplicationScoped
public class ListSnapshots {
  private final SnapshotQueries queries;

  @Inject
  public ListSnapshots(SnapshotQueries queries) {
    this.queries = queries;
  }

  @Transactional
  public Page<SnapshotView> execute(SnapshotFilter filter, PageRequest page) {
    return queries.list(filter, page);
  }
}
