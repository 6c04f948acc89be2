package org.vps.snapshots.domain.snapshot;

import java.util.Arrays;
import java.util.Optional;

/** The life of a snapshot: it starts in progress and ends completed or failed. */
public enum SnapshotStatus {
  IN_PROGRESS("in_progress"),
  COMPLETED("completed"),
  FAILED("failed");

  private final String code;

  SnapshotStatus(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<SnapshotStatus> fromCode(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }
}
