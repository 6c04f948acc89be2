package org.vps.snapshots.application.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.SnapshotView;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.application.work.WorkPolicy;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.DomainException;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerSnapshots;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotName;
import org.vps.snapshots.domain.snapshot.SnapshotQuota;

/** A customer starts a snapshot of one of their servers. */
@ApplicationScoped
public class CreateSnapshot {
  private final Servers servers;
  private final Snapshots snapshots;
  private final Operations operations;
  private final Outbox outbox;
  private final SnapshotQuota quota;
  private final WorkPolicy policy;
  private final Clock clock;

  @Inject
  public CreateSnapshot(
      Servers servers,
      Snapshots snapshots,
      Operations operations,
      Outbox outbox,
      SnapshotQuota quota,
      WorkPolicy policy,
      Clock clock) {
    this.servers = servers;
    this.snapshots = snapshots;
    this.operations = operations;
    this.outbox = outbox;
    this.quota = quota;
    this.policy = policy;
    this.clock = clock;
  }

  @Transactional
  public Started execute(Command command) {
    Server server =
        servers
            .lockOwned(command.owner(), command.serverId())
            .orElseThrow(() -> NotFoundException.server(command.serverId()));
    Start start = start(command, server, snapshots.ofServer(server.id()));
    snapshots.add(start.snapshot());
    operations.add(start.operation());
    outbox.appendStarts(List.of(start.messages()));
    return start.started();
  }

  /**
   * Starts several customers' snapshots in one transaction, each as {@link #execute} would: a
   * refusal answers its own command only. A command whose server another transaction holds, that
   * another command of the list already takes, or that its caller does not own is left to be run
   * alone (where it waits for the server, or is not found), so that no command waits here for a
   * lock on behalf of the others.
   */
  @Transactional
  public List<Together> executeTogether(List<Command> commands) {
    Map<ServerId, AccountId> wanted = new LinkedHashMap<>();
    commands.forEach(command -> wanted.putIfAbsent(command.serverId(), command.owner()));
    Map<ServerId, Server> locked = servers.lockOwnedUnlessHeld(wanted);
    Map<ServerId, ServerSnapshots> existing = snapshots.ofServers(locked.keySet());
    Set<ServerId> taken = new HashSet<>();
    List<Start> starts = new ArrayList<>();
    List<Together> outcomes = new ArrayList<>(commands.size());
    for (Command command : commands) {
      Server server = locked.get(command.serverId());
      if (server == null
          || !server.accountId().equals(command.owner())
          || !taken.add(server.id())) {
        outcomes.add(Together.ALONE);
        continue;
      }
      try {
        Start start = start(command, server, existing.get(server.id()));
        starts.add(start);
        outcomes.add(start.started());
      } catch (DomainException refused) {
        outcomes.add(new Refused(refused));
      }
    }
    snapshots.addAll(starts.stream().map(Start::snapshot).toList());
    operations.addAll(starts.stream().map(Start::operation).toList());
    outbox.appendStarts(starts.stream().map(Start::messages).toList());
    return outcomes;
  }

  private Start start(Command command, Server server, ServerSnapshots existing) {
    OperationId operationId = operations.nextId();
    Snapshot snapshot =
        server.takeSnapshot(
            snapshots.nextId(),
            operationId,
            command.name(),
            command.description(),
            command.labels(),
            existing,
            quota,
            clock);
    Operation operation =
        Operation.queue(
            operationId,
            OperationKind.SNAPSHOT,
            server.accountId(),
            server.id(),
            server.host().orElse(null),
            snapshot.id(),
            clock.instant(),
            policy.deadline());
    return new Start(
        snapshot,
        operation,
        new Outbox.Start(snapshot.pullEvents(), operationId, server.id()),
        new Started(new SnapshotView(snapshot, server.name()), operation));
  }

  /** What starting one snapshot writes, and what it answers. */
  private record Start(
      Snapshot snapshot, Operation operation, Outbox.Start messages, Started started) {}

  /** What became of one command run with others. */
  public sealed interface Together permits Started, Refused, Alone {
    /** The command is to be run on its own. */
    Alone ALONE = new Alone();
  }

  /** The command was refused by a rule of the domain; nothing of it was written. */
  public record Refused(DomainException reason) implements Together {}

  /** The command was not run: its caller runs it on its own. */
  public record Alone() implements Together {}

  /** The snapshot that started, and the operation that takes it. */
  public record Started(SnapshotView snapshot, Operation operation) implements Together {}

  /** Snapshot server {@code serverId} of account {@code owner} as {@code name}. */
  public record Command(
      AccountId owner,
      ServerId serverId,
      SnapshotName name,
      Description description,
      Labels labels) {
    public Command {
      Objects.requireNonNull(owner);
      Objects.requireNonNull(serverId);
      Objects.requireNonNull(name);
      description = description == null ? Description.NONE : description;
      labels = labels == null ? Labels.NONE : labels;
    }

    /** A snapshot without labels. */
    public Command(AccountId owner, ServerId serverId, SnapshotName name, Description description) {
      this(owner, serverId, name, description, Labels.NONE);
    }
  }
}
