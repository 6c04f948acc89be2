package org.vps.snapshots.application.port;

import java.util.Objects;
import java.util.Optional;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;

/** Which of an account's snapshots to list. */
public record SnapshotFilter(
    AccountId owner, Optional<ServerId> server, Optional<SnapshotStatus> status) {
  public SnapshotFilter {
    Objects.requireNonNull(owner);
    Objects.requireNonNull(server);
    Objects.requireNonNull(status);
  }
}
