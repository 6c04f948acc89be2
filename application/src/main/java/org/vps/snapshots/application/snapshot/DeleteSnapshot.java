package org.vps.snapshots.application.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Objects;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.Server;

/** A customer deletes a snapshot for good; its place in the quota is free at once. */
@ApplicationScoped
public class DeleteSnapshot {
  private final ServerLocks locks;
  private final Snapshots snapshots;
  private final Operations operations;
  private final Purges purges;
  private final Clock clock;

  @Inject
  public DeleteSnapshot(
      ServerLocks locks, Snapshots snapshots, Operations operations, Purges purges, Clock clock) {
    this.locks = locks;
    this.snapshots = snapshots;
    this.operations = operations;
    this.purges = purges;
    this.clock = clock;
  }

  @Transactional
  public void execute(Command command) {
    Server server = locks.serverOfOwnedSnapshot(command.owner(), command.snapshotId());
    server.deleteSnapshot(
        command.snapshotId(), operations.nextId(), snapshots.ofServer(server.id()), clock);
    snapshots.remove(command.snapshotId());
    purges.queueFor(server, server.pullEvents());
  }

  /** Delete snapshot {@code snapshotId} of account {@code owner}. */
  public record Command(AccountId owner, SnapshotId snapshotId) {
    public Command {
      Objects.requireNonNull(owner);
      Objects.requireNonNull(snapshotId);
    }
  }
}
