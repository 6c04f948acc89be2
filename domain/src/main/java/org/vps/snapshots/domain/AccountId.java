package org.vps.snapshots.domain;

/** The account that owns servers, snapshots and tokens. */
public record AccountId(long value) {
  public AccountId {
    if (value <= 0) {
      throw new InvalidValueException("account_id", "Must be a positive integer.");
    }
  }
}
