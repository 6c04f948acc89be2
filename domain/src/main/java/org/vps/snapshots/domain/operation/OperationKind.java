package org.vps.snapshots.domain.operation;

import java.util.Arrays;
import java.util.Optional;

/** What a long-running operation does to the backend. */
public enum OperationKind {
  /** Takes a snapshot of a server's disk. */
  SNAPSHOT("snapshot"),
  /** Overwrites a server's disk with one of its snapshots. */
  RESTORE("restore"),
  /** Removes a deleted snapshot's stored data. */
  PURGE("purge");

  private final String code;

  OperationKind(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<OperationKind> fromCode(String code) {
    return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
  }
}
