package org.vps.snapshots.application.fake;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.event.RestoreCompleted;
import org.vps.snapshots.domain.event.RestoreFailed;
import org.vps.snapshots.domain.event.RestoreStarted;
import org.vps.snapshots.domain.event.SnapshotCompleted;
import org.vps.snapshots.domain.event.SnapshotCreated;
import org.vps.snapshots.domain.event.SnapshotDeleted;
import org.vps.snapshots.domain.event.SnapshotEvent;
import org.vps.snapshots.domain.event.SnapshotFailed;
import org.vps.snapshots.domain.event.SnapshotUpdated;

/** One event of every type, about one snapshot of one server, for the adapters' codec tests. */
public final class SampleEvents {
  public static final Instant AT = Instant.parse("2025-01-16T16:15:00.123456Z");
  public static final AccountId ACCOUNT = new AccountId(7);
  public static final ServerId SERVER = new ServerId(12345);
  public static final SnapshotId SNAPSHOT = new SnapshotId(802);
  public static final OperationId OPERATION = new OperationId(31);

  private SampleEvents() {}

  public static List<SnapshotEvent> everyType() {
    return List.of(
        new SnapshotCreated(
            id(),
            AT,
            ACCOUNT,
            SERVER,
            SNAPSHOT,
            OPERATION,
            "before-update",
            "why",
            "running",
            new Labels(Map.of("env", "prod", "example.com/tier", "web")),
            "schedule",
            new ScheduleId(4)),
        new SnapshotUpdated(
            id(),
            AT,
            ACCOUNT,
            SERVER,
            SNAPSHOT,
            "after-update",
            "after-update",
            null,
            new Labels(Map.of("env", "")),
            true),
        new SnapshotCompleted(
            id(),
            AT,
            ACCOUNT,
            SERVER,
            SNAPSHOT,
            OPERATION,
            "before-update",
            5120,
            "memory",
            "schedule"),
        new SnapshotFailed(
            id(),
            AT,
            ACCOUNT,
            SERVER,
            SNAPSHOT,
            OPERATION,
            "before-update",
            "disk full",
            "schedule"),
        new SnapshotDeleted(
            id(),
            AT,
            ACCOUNT,
            SERVER,
            SNAPSHOT,
            OPERATION,
            "before-update",
            "completed",
            new ScheduleId(4),
            "schedule"),
        new RestoreStarted(
            id(), AT, ACCOUNT, SERVER, SNAPSHOT, OPERATION, "before-update", "running"),
        new RestoreCompleted(id(), AT, ACCOUNT, SERVER, SNAPSHOT, OPERATION, "running"),
        new RestoreFailed(id(), AT, ACCOUNT, SERVER, SNAPSHOT, OPERATION, "disk gone", "stopped"));
  }

  private static UUID id() {
    return UUID.randomUUID();
  }
}
