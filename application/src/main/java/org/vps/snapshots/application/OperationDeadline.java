package org.vps.snapshots.application;

import java.time.Duration;

/** How long a snapshot or restore may run before it is ended as failed. */
public record OperationDeadline(Duration value) {
  public OperationDeadline {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("the operation deadline must be positive");
    }
  }
}
