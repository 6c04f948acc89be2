package org.vps.snapshots.domain.snapshot;

import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** A rule refusal that passes by itself once the named operation ends: worth retrying later. */
public final class StateConflictException extends RuleViolationException {
  private final SnapshotId blockingSnapshot;

  private StateConflictException(String code, String message, SnapshotId blockingSnapshot) {
    super(code, message);
    this.blockingSnapshot = blockingSnapshot;
  }

  public SnapshotId blockingSnapshot() {
    return blockingSnapshot;
  }

  public static StateConflictException snapshotInProgress(ServerId server, SnapshotId snapshot) {
    return new StateConflictException(
        "operation_in_progress",
        "Server "
            + server.value()
            + " has snapshot "
            + snapshot.value()
            + " in progress; wait until it ends.",
        snapshot);
  }

  public static StateConflictException restoreInProgress(ServerId server, SnapshotId snapshot) {
    return new StateConflictException(
        "operation_in_progress",
        "Server "
            + server.value()
            + " is being restored from snapshot "
            + snapshot.value()
            + "; wait until it ends.",
        snapshot);
  }

  public static StateConflictException snapshotBusy(SnapshotId snapshot, String why) {
    return new StateConflictException(
        "snapshot_busy", "Snapshot " + snapshot.value() + " " + why + ".", snapshot);
  }
}
