package org.vps.snapshots.domain;

import java.time.Instant;
import java.util.UUID;

/** Something that happened to a snapshot or to a server's restore, told in the past tense. */
public sealed interface SnapshotEvent
    permits SnapshotCreated,
        SnapshotCompleted,
        SnapshotFailed,
        SnapshotDeleted,
        RestoreStarted,
        RestoreCompleted,
        RestoreFailed {

  UUID eventId();

  Instant occurredAt();

  AccountId accountId();

  ServerId serverId();

  SnapshotId snapshotId();

  /** The long-running operation the event belongs to. */
  OperationId operationId();

  /** The event's public type. */
  EventType type();
}
