package org.vps.snapshots.application.work;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.operation.OperationState;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerStatus;

/**
 * Every change of an operation's row, each a transaction of its own, compared with the store's
 * clock. The {@link Operation} decides; this class locks in one order (the server's work, the
 * server, then the operation) and writes what it decided.
 */
@ApplicationScoped
public class OperationSteps {
  private final Operations operations;
  private final Servers servers;
  private final Snapshots snapshots;
  private final Outbox outbox;
  private final WorkPolicy policy;
  private final Endings endings;

  @Inject
  public OperationSteps(
      Operations operations,
      Servers servers,
      Snapshots snapshots,
      Outbox outbox,
      WorkPolicy policy,
      Clock clock) {
    this.operations = operations;
    this.servers = servers;
    this.snapshots = snapshots;
    this.outbox = outbox;
    this.policy = policy;
    this.endings = new Endings(operations, servers, snapshots, outbox, clock);
  }

  /**
   * Takes a queued operation for {@code owner}; empty when there is nothing for it to do: the
   * operation ended or runs elsewhere, or another operation of its server runs (that one rings this
   * one when it ends).
   */
  @Transactional
  public Optional<Claimed> claim(OperationId id, String owner) {
    long checkedAt = System.nanoTime();
    Optional<ServerId> serverId = operations.serverOf(id);
    if (serverId.isEmpty()) {
      return Optional.empty();
    }
    operations.lockServerWork(serverId.get());
    Optional<Server> server = servers.lock(serverId.get());
    Operation operation = operations.lock(id).orElseThrow();
    Instant now = operations.now();
    if (!operation.isEnded() && operations.othersRunning(serverId.get(), id, now)) {
      return Optional.empty();
    }
    return switch (operation.claim(owner, now, policy.leaseTime(), policy.maxAttempts())) {
      case CLAIMED -> {
        // The first try begins with the claim, in the same write.
        operation.startAttempt(operation.fence(), now, policy.leaseTime());
        operations.update(operation);
        boolean running =
            server
                .flatMap(Server::powerStateBeforeRestore)
                .map(ServerStatus.RUNNING::equals)
                .orElse(false);
        yield Optional.of(new Claimed(operation, running, checkedAt));
      }
      case EXHAUSTED -> {
        operations.update(operation);
        endings.apply(operation, server, Endings.NOTHING_TAKEN);
        yield Optional.empty();
      }
      case ENDED, HELD -> Optional.empty();
    };
  }

  /**
   * An operation this worker now holds, its first try begun; for a restore, whether its server ran
   * before, so that the backend starts it again afterwards; and when (by {@link System#nanoTime()},
   * taken before the lease was written) its lease was checked under the server's work lock.
   */
  public record Claimed(Operation operation, boolean serverWasRunning, long checkedAt) {}

  /**
   * The holder begins another try; answers the operation as it now stands (attempt, stop request).
   */
  @Transactional
  public Operation startAttempt(OperationId id, long fence) {
    Operation operation = operations.lock(id).orElseThrow();
    operation.startAttempt(fence, operations.now(), policy.leaseTime());
    operations.update(operation);
    return operation;
  }

  /**
   * The holder confirms, under its server's work lock, that it may change a disk now; answers the
   * operation with any stop request.
   */
  @Transactional
  public Operation startStep(OperationId id, ServerId server, long fence) {
    operations.lockServerWork(server);
    Operation operation = operations.lock(id).orElseThrow();
    operation.startStep(fence, operations.now(), policy.leaseTime());
    operations.update(operation);
    return operation;
  }

  /** The holder keeps its lease; answers the operation with any stop request. */
  @Transactional
  public Operation renew(OperationId id, long fence) {
    Operation operation = operations.lock(id).orElseThrow();
    operation.renew(fence, operations.now(), policy.leaseTime());
    operations.update(operation);
    return operation;
  }

  /**
   * The holder tells how far it got; a report that moves nothing writes nothing. Answers the
   * operation with any stop request, so that a holder hears one at its next report.
   */
  @Transactional
  public Operation progress(OperationId id, long fence, int percent) {
    Operation operation = operations.lock(id).orElseThrow();
    if (operation.reportProgress(fence, percent, operations.now())) {
      operations.update(operation);
      if (operation.kind() == OperationKind.SNAPSHOT) {
        snapshots.updateProgress(operation.snapshotId(), operation.progress());
      }
    }
    return operation;
  }

  @Transactional
  public void succeed(OperationId id, long fence, Hypervisor.Taken taken) {
    end(id, taken, (operation, now) -> operation.succeed(fence, now));
  }

  @Transactional
  public void fail(OperationId id, long fence, String reason) {
    end(id, Endings.NOTHING_TAKEN, (operation, now) -> operation.fail(fence, reason, now));
  }

  /** The holder stops because it was asked to (deadline, cancel). */
  @Transactional
  public void stopAsAsked(OperationId id, long fence) {
    end(
        id,
        Endings.NOTHING_TAKEN,
        (operation, now) -> operation.stopAsAsked(fence, policy.deadlineReason(), now));
  }

  /** The holder gives the operation back unfinished; its doorbell rings for another worker. */
  @Transactional
  public void release(OperationId id, long fence) {
    Operation operation = operations.lock(id).orElseThrow();
    operation.release(fence, operations.now());
    operations.update(operation);
    outbox.appendWork(id, operation.serverId());
  }

  /** Operations that may need someone other than their holder. */
  @Transactional
  public List<OperationId> needingAttention(int max) {
    Instant now = operations.now();
    return operations.needingAttention(now, now.minus(policy.leaseTime()), max);
  }

  /**
   * Looks after one operation its holder cannot: takes it from an expired lease, asks it to stop
   * past its deadline, or rings its doorbell again when nobody took it. Answers whether it ended
   * the operation.
   */
  @Transactional
  public boolean attend(OperationId id) {
    Optional<ServerId> serverId = operations.serverOf(id);
    if (serverId.isEmpty()) {
      return false;
    }
    Optional<Server> server = servers.lock(serverId.get());
    Operation operation = operations.lock(id).orElseThrow();
    Instant now = operations.now();
    if (operation.state() == OperationState.RUNNING && !operation.leaseLive(now)) {
      Operation.Takeover takeover = operation.takeOver(now, policy.deadlineReason());
      operations.update(operation);
      if (takeover == Operation.Takeover.REQUEUED) {
        outbox.appendWork(id, operation.serverId());
        return false;
      }
      endings.apply(operation, server, Endings.NOTHING_TAKEN);
      return true;
    }
    if (operation.isOverdue(now) && !operation.isEnded()) {
      boolean ended =
          operation.askToStop(Operation.StopRequest.DEADLINE, policy.deadlineReason(), now);
      operations.update(operation);
      if (ended) {
        endings.apply(operation, server, Endings.NOTHING_TAKEN);
      }
      return ended;
    }
    if (operation.waitsLongerThan(policy.leaseTime(), now)) {
      operation.requeued(now);
      operations.update(operation);
      outbox.appendWork(id, operation.serverId());
    }
    return false;
  }

  /** Every host some server runs on, for the backend to look for data on. */
  @Transactional
  public Set<Host> hosts() {
    return servers.hosts();
  }

  /** Of what the backend holds, the data no snapshot wants and no operation works on. */
  @Transactional
  public Set<Hypervisor.Stored> orphansAmong(List<Hypervisor.Stored> stored) {
    Set<SnapshotId> ids =
        stored.stream().map(Hypervisor.Stored::snapshot).collect(Collectors.toSet());
    Set<SnapshotId> wanted = snapshots.wanted(ids);
    Set<SnapshotId> busy = operations.busy(ids);
    return stored.stream()
        .filter(s -> !wanted.contains(s.snapshot()) && !busy.contains(s.snapshot()))
        .collect(Collectors.toSet());
  }

  /** Queues the purge unless an operation already works on the snapshot. */
  @Transactional
  public boolean queuePurge(Hypervisor.Stored orphan) {
    if (!operations.busy(Set.of(orphan.snapshot())).isEmpty()
        || snapshots.wanted(Set.of(orphan.snapshot())).contains(orphan.snapshot())) {
      return false;
    }
    OperationId id = operations.nextId();
    operations.add(
        Operation.queue(
            id,
            OperationKind.PURGE,
            null,
            orphan.server(),
            orphan.host(),
            orphan.snapshot(),
            operations.now(),
            policy.deadline()));
    outbox.appendWork(id, orphan.server());
    return true;
  }

  private void end(OperationId id, Hypervisor.Taken taken, BiConsumer<Operation, Instant> ending) {
    ServerId serverId = operations.serverOf(id).orElseThrow();
    Optional<Server> server = servers.lock(serverId);
    Operation operation = operations.lock(id).orElseThrow();
    ending.accept(operation, operations.now());
    operations.update(operation);
    endings.apply(operation, server, taken);
  }
}
