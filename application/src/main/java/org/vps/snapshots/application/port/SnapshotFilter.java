package org.vps.snapshots.application.port;

import java.util.Objects;
import java.util.Optional;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.LabelSelector;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;

/** Which of an account's snapshots to list. */
public record SnapshotFilter(
    AccountId owner,
    Optional<ServerId> server,
    Optional<SnapshotStatus> status,
    Optional<LabelSelector> labels) {
  public SnapshotFilter {
    Objects.requireNonNull(owner);
    Objects.requireNonNull(server);
    Objects.requireNonNull(status);
    Objects.requireNonNull(labels);
  }

  /** The snapshots of {@code owner}, of one server and in one status where given, any labels. */
  public SnapshotFilter(
      AccountId owner, Optional<ServerId> server, Optional<SnapshotStatus> status) {
    this(owner, server, status, Optional.empty());
  }

  /** Whether {@code snapshot} is one of those wanted. */
  public boolean wants(Snapshot snapshot) {
    return snapshot.accountId().equals(owner)
        && server.map(snapshot.serverId()::equals).orElse(true)
        && status.map(snapshot.status()::equals).orElse(true)
        && labels.map(selector -> selector.matches(snapshot.labels())).orElse(true);
  }
}
