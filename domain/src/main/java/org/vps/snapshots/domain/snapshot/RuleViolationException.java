package org.vps.snapshots.domain.snapshot;

import org.vps.snapshots.domain.DomainException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** A request that is well formed but that the snapshot rules refuse. */
public class RuleViolationException extends DomainException {
  public RuleViolationException(String code, String message) {
    super(code, message);
  }

  public static RuleViolationException limitReached(ServerId server, SnapshotQuota quota) {
    return new RuleViolationException(
        "snapshot_limit_reached",
        "Server "
            + server.value()
            + " already has "
            + quota.limit()
            + " snapshots, the maximum. Delete one to create another.");
  }

  public static RuleViolationException duplicateName(ServerId server, SnapshotName name) {
    return new RuleViolationException(
        "duplicate_name",
        "Server " + server.value() + " already has a snapshot named '" + name.value() + "'.");
  }

  public static RuleViolationException invalidServerState(ServerId server, ServerStatus status) {
    return new RuleViolationException(
        "invalid_server_state",
        "Server "
            + server.value()
            + " is "
            + status.value()
            + "; it must be running or stopped for this operation.");
  }

  public static RuleViolationException snapshotNotReady(Snapshot snapshot) {
    return new RuleViolationException(
        "snapshot_not_ready",
        "Snapshot "
            + snapshot.id().value()
            + " is "
            + snapshot.status().code()
            + "; only a completed snapshot can be restored.");
  }

  public static RuleViolationException snapshotProtected(SnapshotId snapshot) {
    return new RuleViolationException(
        "snapshot_protected",
        "Snapshot "
            + snapshot.value()
            + " is protected from deletion. Lift its protection first: PATCH it with"
            + " {\"protection\": {\"delete\": false}}.");
  }
}
