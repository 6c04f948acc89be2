package org.vps.snapshots.domain.event;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * A customer changed a snapshot's name, description, labels or protection. {@code name} is its name
 * now; each of the others is the new value where it changed, and null where it did not.
 */
public record SnapshotUpdated(
    UUID eventId,
    Instant occurredAt,
    AccountId accountId,
    ServerId serverId,
    SnapshotId snapshotId,
    String name,
    String newName,
    String newDescription,
    Labels newLabels,
    Boolean newDeleteProtected)
    implements SnapshotEvent {

  /** No operation makes an edit. */
  @Override
  public OperationId operationId() {
    return null;
  }

  @Override
  public EventType type() {
    return EventType.SNAPSHOT_UPDATED;
  }
}
