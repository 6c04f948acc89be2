package org.vps.snapshots.domain.snapshot;

import org.vps.snapshots.domain.InvalidValueException;

/** How many live (in progress or completed) snapshots one server may hold. */
public record SnapshotQuota(int limit) {
  public static final SnapshotQuota DEFAULT = new SnapshotQuota(5);

  public SnapshotQuota {
    if (limit < 1) {
      throw new InvalidValueException("limit", "The snapshot limit must be at least 1.");
    }
  }
}
