package org.vps.snapshots.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.vps.snapshots.application.access.AuthenticateCaller;
import org.vps.snapshots.application.access.IssueToken;
import org.vps.snapshots.application.access.RegisterAccount;
import org.vps.snapshots.application.access.RevokeToken;
import org.vps.snapshots.application.fake.FakeEventPublisher;
import org.vps.snapshots.application.fake.FakeHypervisor;
import org.vps.snapshots.application.fake.InMemorySchedules;
import org.vps.snapshots.application.fake.InMemoryStore;
import org.vps.snapshots.application.fake.MutableClock;
import org.vps.snapshots.application.idempotency.Idempotently;
import org.vps.snapshots.application.outbox.RelayOutbox;
import org.vps.snapshots.application.port.AccountName;
import org.vps.snapshots.application.port.SnapshotView;
import org.vps.snapshots.application.port.WorkMonitor;
import org.vps.snapshots.application.schedule.FireSchedule;
import org.vps.snapshots.application.schedule.FireSchedules;
import org.vps.snapshots.application.schedule.ManageSchedules;
import org.vps.snapshots.application.schedule.SchedulePolicy;
import org.vps.snapshots.application.server.GetServer;
import org.vps.snapshots.application.server.ListServers;
import org.vps.snapshots.application.server.RegisterServer;
import org.vps.snapshots.application.server.RemoveServer;
import org.vps.snapshots.application.server.UpdateServer;
import org.vps.snapshots.application.snapshot.CreateSnapshot;
import org.vps.snapshots.application.snapshot.CreateSnapshotsTogether;
import org.vps.snapshots.application.snapshot.DeleteSnapshot;
import org.vps.snapshots.application.snapshot.EditSnapshot;
import org.vps.snapshots.application.snapshot.GetSnapshot;
import org.vps.snapshots.application.snapshot.ListSnapshots;
import org.vps.snapshots.application.snapshot.Purges;
import org.vps.snapshots.application.snapshot.RestoreSnapshot;
import org.vps.snapshots.application.snapshot.ServerLocks;
import org.vps.snapshots.application.work.GetOperation;
import org.vps.snapshots.application.work.ListOperations;
import org.vps.snapshots.application.work.OperationSteps;
import org.vps.snapshots.application.work.ReconcileBackend;
import org.vps.snapshots.application.work.RunOperation;
import org.vps.snapshots.application.work.RunningJobs;
import org.vps.snapshots.application.work.SuperviseOperations;
import org.vps.snapshots.application.work.WorkOutcome;
import org.vps.snapshots.application.work.WorkPolicy;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.snapshot.ServerName;
import org.vps.snapshots.domain.snapshot.ServerStatus;
import org.vps.snapshots.domain.snapshot.SnapshotName;
import org.vps.snapshots.domain.snapshot.SnapshotQuota;

/** Every use case wired to in-memory fakes of its ports, with a clock the test moves. */
final class UseCases {
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration DEADLINE = Duration.ofMinutes(30);

  final InMemoryStore store = new InMemoryStore();
  final MutableClock clock = new MutableClock(Instant.parse("2025-01-16T16:15:00Z"));
  final ServerLocks locks = new ServerLocks(store.servers, store.snapshots);
  final WorkPolicy policy = new WorkPolicy(3, Duration.ZERO, LEASE, DEADLINE, Duration.ZERO);
  final Purges purges = new Purges(store.operations, store.outboxPort, policy, clock);

  final CreateSnapshot createSnapshot =
      new CreateSnapshot(
          store.servers,
          store.snapshots,
          store.operations,
          store.outboxPort,
          SnapshotQuota.DEFAULT,
          policy,
          clock);
  final CreateSnapshotsTogether createSnapshotsTogether =
      new CreateSnapshotsTogether(createSnapshot);
  final RestoreSnapshot restoreSnapshot =
      new RestoreSnapshot(
          locks, store.servers, store.snapshots, store.operations, store.outboxPort, policy, clock);
  final DeleteSnapshot deleteSnapshot =
      new DeleteSnapshot(locks, store.snapshots, store.operations, purges, clock);
  final EditSnapshot editSnapshot =
      new EditSnapshot(locks, store.snapshots, store.outboxPort, clock);
  final ListSnapshots listSnapshots = new ListSnapshots(store.snapshotQueries);
  final InMemorySchedules schedules = new InMemorySchedules();
  final ManageSchedules manageSchedules = new ManageSchedules(store.servers, schedules, clock);
  final FireSchedules fireSchedules =
      new FireSchedules(
          new FireSchedule(
              schedules,
              store.servers,
              store.snapshots,
              store.operations,
              store.outboxPort,
              purges,
              SnapshotQuota.DEFAULT,
              policy,
              SchedulePolicy.DEFAULT,
              clock),
          SchedulePolicy.DEFAULT);
  final GetSnapshot getSnapshot = new GetSnapshot(store.snapshotQueries);
  final ListServers listServers = new ListServers(store.servers);
  final GetServer getServer = new GetServer(store.servers);
  final RegisterAccount registerAccount = new RegisterAccount(store.accounts);
  final IssueToken issueToken = new IssueToken(store.accounts, store.apiTokens, clock);
  final AuthenticateCaller authenticateCaller = new AuthenticateCaller(store.apiTokens);
  final RevokeToken revokeToken = new RevokeToken(store.apiTokens, clock);
  final RegisterServer registerServer = new RegisterServer(store.accounts, store.servers);
  final UpdateServer updateServer = new UpdateServer(store.servers);
  final RemoveServer removeServer =
      new RemoveServer(store.servers, store.snapshots, store.operations, purges, policy, clock);
  final Idempotently idempotently = new Idempotently(store.idempotencyRecords, clock);
  final FakeHypervisor hypervisor = new FakeHypervisor();
  final FakeEventPublisher publisher = new FakeEventPublisher();
  final List<String> failedAttempts = new CopyOnWriteArrayList<>();
  final WorkMonitor retries = (work, attempt, failure) -> failedAttempts.add(work + "#" + attempt);
  final OperationSteps steps =
      new OperationSteps(
          store.operations, store.servers, store.snapshots, store.outboxPort, policy, clock);
  final RunningJobs jobs = new RunningJobs(steps, policy);
  final RunOperation runOperation = new RunOperation(steps, jobs, hypervisor, policy, retries);
  final SuperviseOperations supervise = new SuperviseOperations(steps);
  final ReconcileBackend reconcile = new ReconcileBackend(hypervisor, steps, clock);
  final GetOperation getOperation = new GetOperation(store.operations);
  final ListOperations listOperations = new ListOperations(store.operations);
  final RelayOutbox relayOutbox = new RelayOutbox(store.outboxPort, publisher);

  UseCases() {
    store.useClock(clock);
  }

  AccountId account(String name) {
    return registerAccount.execute(new AccountName(name));
  }

  ServerId server(AccountId owner, long id, ServerStatus status) {
    ServerId serverId = new ServerId(id);
    registerServer.execute(
        new RegisterServer.Command(serverId, owner, new ServerName("server-" + id), status));
    return serverId;
  }

  SnapshotView create(AccountId owner, ServerId server, String name) {
    return createSnapshot
        .execute(
            new CreateSnapshot.Command(owner, server, new SnapshotName(name), Description.NONE))
        .snapshot();
  }

  /** A snapshot that was created and completed by a worker. */
  SnapshotId completed(AccountId owner, ServerId server, String name) {
    SnapshotId id = create(owner, server, name).snapshot().id();
    completeSnapshot(id, 1024);
    return id;
  }

  /** The newest operation of {@code kind} on the snapshot. */
  OperationId operationOf(SnapshotId snapshot, OperationKind kind) {
    return store.work().stream()
        .map(work -> store.storedOperation(work.operation()))
        .filter(o -> o.snapshotId().equals(snapshot) && o.kind() == kind)
        .map(Operation::id)
        .reduce((first, second) -> second)
        .orElseThrow();
  }

  Operation stored(OperationId id) {
    return store.storedOperation(id);
  }

  /** A worker takes the snapshot, which the backend stores as {@code sizeMb}. */
  WorkOutcome completeSnapshot(SnapshotId id, long sizeMb) {
    hypervisor.answerSize(sizeMb);
    return runOperation.execute(operationOf(id, OperationKind.SNAPSHOT));
  }

  /** A worker fails to take the snapshot on every attempt. */
  WorkOutcome failSnapshot(SnapshotId id) {
    hypervisor.failNext(policy.maxAttempts());
    return runOperation.execute(operationOf(id, OperationKind.SNAPSHOT));
  }

  /** A worker restores from the snapshot. */
  WorkOutcome completeRestore(SnapshotId from) {
    return runOperation.execute(operationOf(from, OperationKind.RESTORE));
  }
}
