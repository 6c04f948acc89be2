package org.vps.snapshots.application.port;

import org.vps.snapshots.domain.SnapshotId;

/**
 * Tells, on every node, that a snapshot or an operation on it changed: its status, its progress. A
 * listener is also called when changes may have been missed (the store was away), so that it reads
 * the state again; it is never told what changed, only to look.
 */
public interface SnapshotChanges {

  Subscription subscribe(SnapshotId snapshot, Runnable listener);

  /** Ends a subscription; closing twice does nothing. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
