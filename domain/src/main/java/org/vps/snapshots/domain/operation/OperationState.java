package org.vps.snapshots.domain.operation;

import java.util.Arrays;
import java.util.Optional;

/** Where a long-running operation stands; the last three are ends it never leaves. */
public enum OperationState {
  QUEUED("queued"),
  RUNNING("running"),
  SUCCEEDED("succeeded"),
  FAILED("failed"),
  CANCELLED("cancelled");

  private final String code;

  OperationState(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public boolean isEnded() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  public static Optional<OperationState> fromCode(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }
}
