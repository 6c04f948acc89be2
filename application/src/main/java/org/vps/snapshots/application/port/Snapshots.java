package org.vps.snapshots.application.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.ServerSnapshots;
import org.vps.snapshots.domain.Snapshot;
import org.vps.snapshots.domain.SnapshotId;

/** Where snapshots are kept. */
public interface Snapshots {

  /** A fresh id for a snapshot about to be created. */
  SnapshotId nextId();

  /** Who owns a snapshot, read without loading it, so that its server can be locked first. */
  Optional<Owner> ownerOf(SnapshotId id);

  /** Every existing snapshot of a server; call it with the server locked. */
  ServerSnapshots ofServer(ServerId server);

  void add(Snapshot snapshot);

  void update(Snapshot snapshot);

  void remove(SnapshotId id);

  /** Removes every snapshot of a server. */
  void removeAllOf(ServerId server);

  /**
   * Ids of snapshots still in progress that were created before {@code createdBefore}, oldest
   * first.
   */
  List<SnapshotId> inProgressSince(Instant createdBefore, int max);

  /** The account and server a snapshot belongs to. */
  record Owner(AccountId accountId, ServerId serverId) {}
}
