package org.vps.snapshots.domain.event;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** Something that happened to a snapshot or to a server's restore, told in the past tense. */
public sealed interface SnapshotEvent
    permits SnapshotCreated,
        SnapshotCompleted,
        SnapshotFailed,
        SnapshotDeleted,
        SnapshotUpdated,
        RestoreStarted,
        RestoreCompleted,
        RestoreFailed {

  UUID eventId();

  Instant occurredAt();

  AccountId accountId();

  ServerId serverId();

  SnapshotId snapshotId();

  /**
   * The long-running operation the event belongs to; null for a change no operation makes (a
   * customer's edit, {@link SnapshotUpdated}).
   */
  OperationId operationId();

  /** The event's public type. */
  EventType type();
}
