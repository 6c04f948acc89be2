package org.vps.snapshots.application.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Objects;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.SnapshotView;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerSnapshots;
import org.vps.snapshots.domain.snapshot.Snapshot;

/**
 * A customer renames a snapshot, or changes its description, labels or protection, under its
 * server's lock so that two renames cannot take one name.
 */
@ApplicationScoped
public class EditSnapshot {
  private final ServerLocks locks;
  private final Snapshots snapshots;
  private final Outbox outbox;
  private final Clock clock;

  @Inject
  public EditSnapshot(ServerLocks locks, Snapshots snapshots, Outbox outbox, Clock clock) {
    this.locks = locks;
    this.snapshots = snapshots;
    this.outbox = outbox;
    this.clock = clock;
  }

  @Transactional
  public SnapshotView execute(Command command) {
    Server server = locks.serverOfOwnedSnapshot(command.owner(), command.snapshotId());
    ServerSnapshots siblings = snapshots.ofServer(server.id());
    Snapshot snapshot =
        siblings
            .find(command.snapshotId())
            .orElseThrow(() -> NotFoundException.snapshot(command.snapshotId()));
    snapshot.edit(command.edit(), siblings, clock);
    var events = snapshot.pullEvents();
    if (!events.isEmpty()) {
      snapshots.update(snapshot);
      outbox.append(events);
    }
    return new SnapshotView(snapshot, server.name());
  }

  /** Change snapshot {@code snapshotId} of account {@code owner} as {@code edit} says. */
  public record Command(AccountId owner, SnapshotId snapshotId, Snapshot.Edit edit) {
    public Command {
      Objects.requireNonNull(owner);
      Objects.requireNonNull(snapshotId);
      Objects.requireNonNull(edit);
    }
  }
}
