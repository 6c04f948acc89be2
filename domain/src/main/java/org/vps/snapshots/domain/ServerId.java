package org.vps.snapshots.domain;

/** A server's id, chosen by the platform that provisions servers. */
public record ServerId(long value) {
  public ServerId {
    if (value <= 0) {
      throw new InvalidValueException("server_id", "Must be a positive integer.");
    }
  }
}
