package org.vps.snapshots.domain.snapshot;

import java.util.List;
import java.util.Optional;
import org.vps.snapshots.domain.SnapshotId;

/** All existing snapshots of one server, read while that server is locked. */
public record ServerSnapshots(List<Snapshot> all) {
  public ServerSnapshots {
    all = List.copyOf(all);
  }

  public Optional<Snapshot> inProgress() {
    return all.stream().filter(Snapshot::isInProgress).findFirst();
  }

  public long countingTowardsQuota() {
    return all.stream().filter(Snapshot::countsTowardsQuota).count();
  }

  public boolean hasName(SnapshotName name) {
    return all.stream().anyMatch(s -> s.name().equals(name));
  }

  public Optional<Snapshot> find(SnapshotId id) {
    return all.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
