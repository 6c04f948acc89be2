package org.vps.snapshots.domain;

/** A snapshot's id, unique across all accounts. */
public record SnapshotId(long value) {
  public SnapshotId {
    if (value <= 0) {
      throw new InvalidValueException("snapshot_id", "Must be a positive integer.");
    }
  }
}
