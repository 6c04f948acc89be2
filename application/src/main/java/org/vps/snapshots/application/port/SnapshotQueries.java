package org.vps.snapshots.application.port;

import java.util.Optional;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.SnapshotId;

/** The read side of snapshots: what customers list and look at, newest first. */
public interface SnapshotQueries {

  Page<SnapshotView> list(SnapshotFilter filter, PageRequest page);

  Optional<SnapshotView> findOwned(AccountId owner, SnapshotId id);
}
