package org.vps.snapshots.domain.snapshot;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** Servers and snapshots in every state the rules distinguish. */
final class Fixtures {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-16T16:15:00Z"), ZoneOffset.UTC);
  static final AccountId ACCOUNT = new AccountId(7);
  static final ServerId SERVER = new ServerId(12345);
  static final OperationId OP = new OperationId(5);

  private Fixtures() {}

  static Server server(ServerStatus status) {
    return Server.register(SERVER, ACCOUNT, new ServerName("web-server-01"), status);
  }

  /** A server restoring from snapshot {@code from}, which was {@code before} when it started. */
  static Server restoringServer(long from, ServerStatus before) {
    return Server.fromStorage(
        SERVER,
        ACCOUNT,
        new ServerName("web-server-01"),
        ServerStatus.RESTORING,
        null,
        before,
        new SnapshotId(from),
        CLOCK.instant());
  }

  static Snapshot snapshot(long id, SnapshotStatus status) {
    return Snapshot.fromStorage(
        new SnapshotId(id),
        ACCOUNT,
        SERVER,
        new SnapshotName("snap-" + id),
        new Description("taken in a test"),
        Instant.parse("2025-01-15T18:30:00Z"),
        status,
        status == SnapshotStatus.COMPLETED ? 5120L : null,
        status == SnapshotStatus.COMPLETED ? Consistency.CRASH_CONSISTENT : null,
        status == SnapshotStatus.COMPLETED ? 100 : 40,
        status == SnapshotStatus.FAILED ? "disk unreachable" : null,
        status == SnapshotStatus.IN_PROGRESS ? null : Instant.parse("2025-01-15T18:37:00Z"),
        Labels.NONE,
        false,
        null);
  }

  /** Snapshots with ids 1, 2, ... in the given states. */
  static ServerSnapshots existing(SnapshotStatus... states) {
    List<Snapshot> all = new ArrayList<>();
    for (int i = 0; i < states.length; i++) {
      all.add(snapshot(i + 1, states[i]));
    }
    return new ServerSnapshots(all);
  }
}
