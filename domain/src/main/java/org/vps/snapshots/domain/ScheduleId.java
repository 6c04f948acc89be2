package org.vps.snapshots.domain;

/** A snapshot schedule's id, unique across all accounts. */
public record ScheduleId(long value) {
  public ScheduleId {
    if (value <= 0) {
      throw new InvalidValueException("schedule_id", "Must be a positive integer.");
    }
  }
}
