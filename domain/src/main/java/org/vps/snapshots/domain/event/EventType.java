package org.vps.snapshots.domain.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * The public name of each kind of event, as subscribers see it in {@code ce_type}. The names are
 * part of the contract: renaming a class must never change them.
 */
public enum EventType {
  SNAPSHOT_CREATED("SnapshotCreated"),
  SNAPSHOT_COMPLETED("SnapshotCompleted"),
  SNAPSHOT_FAILED("SnapshotFailed"),
  SNAPSHOT_DELETED("SnapshotDeleted"),
  SNAPSHOT_UPDATED("SnapshotUpdated"),
  RESTORE_STARTED("RestoreStarted"),
  RESTORE_COMPLETED("RestoreCompleted"),
  RESTORE_FAILED("RestoreFailed"),
  WEBHOOK_ENDPOINT_DISABLED("WebhookEndpointDisabled"),
  SCHEDULE_RUN_SUCCEEDED("ScheduleRunSucceeded"),
  SCHEDULE_RUN_SKIPPED("ScheduleRunSkipped");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  /** The name on the wire, such as {@code SnapshotCreated}. */
  public String wireName() {
    return wireName;
  }

  /** The type with this public name; empty for a name this version does not know. */
  public static Optional<EventType> fromWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
