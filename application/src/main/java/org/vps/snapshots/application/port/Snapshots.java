package org.vps.snapshots.application.port;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.ServerSnapshots;
import org.vps.snapshots.domain.snapshot.Snapshot;

/** Where snapshots are kept. */
public interface Snapshots {

  /** A fresh id for a snapshot about to be created. */
  SnapshotId nextId();

  /** Who owns a snapshot, read without loading it, so that its server can be locked first. */
  Optional<Owner> ownerOf(SnapshotId id);

  /** Every existing snapshot of a server; call it with the server locked. */
  ServerSnapshots ofServer(ServerId server);

  /** The existing snapshots of each of {@code servers}; call it with the servers locked. */
  default Map<ServerId, ServerSnapshots> ofServers(Set<ServerId> servers) {
    Map<ServerId, ServerSnapshots> all = new HashMap<>();
    servers.forEach(server -> all.put(server, ofServer(server)));
    return all;
  }

  void add(Snapshot snapshot);

  /** Stores new snapshots; a store may write them at once. */
  default void addAll(List<Snapshot> added) {
    added.forEach(this::add);
  }

  void update(Snapshot snapshot);

  void remove(SnapshotId id);

  /** Removes every snapshot of a server. */
  void removeAllOf(ServerId server);

  /** Shows the progress its operation reached on an in-progress snapshot. */
  void updateProgress(SnapshotId id, int percent);

  /**
   * Those of {@code ids} whose data is wanted: snapshots that exist and did not fail. The data of
   * any other is an orphan.
   */
  Set<SnapshotId> wanted(Set<SnapshotId> ids);

  /** The account and server a snapshot belongs to. */
  record Owner(AccountId accountId, ServerId serverId) {}
}
