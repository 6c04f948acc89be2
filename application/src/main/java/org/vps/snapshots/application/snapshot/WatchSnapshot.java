package org.vps.snapshots.application.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.SnapshotChanges;
import org.vps.snapshots.application.port.SnapshotQueries;
import org.vps.snapshots.application.port.SnapshotView;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;

/**
 * A customer follows one of their snapshots as it changes: its state now, and a call whenever it
 * may have changed, on whichever node the change was made.
 */
@ApplicationScoped
public class WatchSnapshot {
  private final SnapshotQueries queries;
  private final Operations operations;
  private final SnapshotChanges changes;

  @Inject
  public WatchSnapshot(SnapshotQueries queries, Operations operations, SnapshotChanges changes) {
    this.queries = queries;
    this.operations = operations;
    this.changes = changes;
  }

  /**
   * The snapshot as it is now, with its newest operation; empty once it is gone. A transaction of
   * its own: followers read from threads that have no request around them.
   */
  @Transactional
  public Optional<State> current(AccountId owner, SnapshotId id) {
    return queries.findOwned(owner, id).map(view -> new State(view, operations.latestOf(id)));
  }

  /** The state now; refused as absent for a snapshot that is not the owner's. */
  public State require(AccountId owner, SnapshotId id) {
    return current(owner, id).orElseThrow(() -> NotFoundException.snapshot(id));
  }

  /** Calls {@code listener} whenever the snapshot may have changed, until closed. */
  public SnapshotChanges.Subscription follow(SnapshotId id, Runnable listener) {
    return changes.subscribe(id, listener);
  }

  /** A snapshot and its newest operation (its creation, or a restore from it). */
  public record State(SnapshotView view, Optional<Operation> operation) {
    /** Nothing will change any more: the snapshot is done and so is its operation. */
    public boolean settled() {
      return view.snapshot().status() != SnapshotStatus.IN_PROGRESS
          && operation.map(Operation::isEnded).orElse(true);
    }
  }
}
