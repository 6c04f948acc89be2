package org.vps.snapshots.application.port;

import java.util.Objects;
import org.vps.snapshots.domain.snapshot.ServerName;
import org.vps.snapshots.domain.snapshot.Snapshot;

/** A snapshot as customers see it: with the name of its server. */
public record SnapshotView(Snapshot snapshot, ServerName serverName) {
  public SnapshotView {
    Objects.requireNonNull(snapshot);
    Objects.requireNonNull(serverName);
  }
}
