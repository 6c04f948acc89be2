package org.vps.snapshots.domain;

/** A long-running operation's id, unique across all accounts. */
public record OperationId(long value) {
  public OperationId {
    if (value <= 0) {
      throw new InvalidValueException("operation_id", "Must be a positive integer.");
    }
  }
}
