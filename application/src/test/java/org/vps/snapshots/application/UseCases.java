package org.vps.snapshots.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.vps.snapshots.application.access.AccountName;
import org.vps.snapshots.application.access.AuthenticateCaller;
import org.vps.snapshots.application.access.IssueToken;
import org.vps.snapshots.application.access.RegisterAccount;
import org.vps.snapshots.application.access.RevokeToken;
import org.vps.snapshots.application.fake.FakeEventPublisher;
import org.vps.snapshots.application.fake.FakeHypervisor;
import org.vps.snapshots.application.fake.InMemoryStore;
import org.vps.snapshots.application.fake.MutableClock;
import org.vps.snapshots.application.port.WorkMonitor;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Description;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.ServerName;
import org.vps.snapshots.domain.ServerStatus;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.SnapshotName;
import org.vps.snapshots.domain.SnapshotQuota;

/** Every use case wired to in-memory fakes of its ports, with a clock the test moves. */
final class UseCases {
  final InMemoryStore store = new InMemoryStore();
  final MutableClock clock = new MutableClock(Instant.parse("2025-01-16T16:15:00Z"));
  final ServerLocks locks = new ServerLocks(store.servers, store.snapshots);

  final CreateSnapshot createSnapshot =
      new CreateSnapshot(
          store.servers, store.snapshots, store.outboxPort, SnapshotQuota.DEFAULT, clock);
  final RestoreSnapshot restoreSnapshot =
      new RestoreSnapshot(locks, store.servers, store.snapshots, store.outboxPort, clock);
  final DeleteSnapshot deleteSnapshot =
      new DeleteSnapshot(locks, store.snapshots, store.outboxPort, clock);
  final ListSnapshots listSnapshots = new ListSnapshots(store.snapshotQueries);
  final GetSnapshot getSnapshot = new GetSnapshot(store.snapshotQueries);
  final ListServers listServers = new ListServers(store.servers);
  final GetServer getServer = new GetServer(store.servers);
  final CompleteSnapshot completeSnapshot =
      new CompleteSnapshot(locks, store.snapshots, store.outboxPort, clock);
  final FailSnapshot failSnapshot =
      new FailSnapshot(locks, store.snapshots, store.outboxPort, clock);
  final CompleteRestore completeRestore =
      new CompleteRestore(store.servers, store.outboxPort, clock);
  final FailRestore failRestore = new FailRestore(store.servers, store.outboxPort, clock);
  final RegisterAccount registerAccount = new RegisterAccount(store.accounts);
  final IssueToken issueToken = new IssueToken(store.accounts, store.apiTokens, clock);
  final AuthenticateCaller authenticateCaller =
      new AuthenticateCaller(
          store.apiTokens, clock, new AuthenticateCaller.TokenCacheTime(Duration.ofSeconds(10)));
  final RevokeToken revokeToken = new RevokeToken(store.apiTokens, clock, authenticateCaller);
  final RegisterServer registerServer = new RegisterServer(store.accounts, store.servers);
  final UpdateServer updateServer = new UpdateServer(store.servers);
  final RemoveServer removeServer =
      new RemoveServer(store.servers, store.snapshots, store.outboxPort, clock);
  final Idempotently idempotently = new Idempotently(store.idempotencyRecords, clock);
  final FakeHypervisor hypervisor = new FakeHypervisor();
  final FakeEventPublisher publisher = new FakeEventPublisher();
  final WorkPolicy policy = new WorkPolicy(3, Duration.ZERO);
  final List<String> failedAttempts = new CopyOnWriteArrayList<>();
  final WorkMonitor retries = (work, attempt, failure) -> failedAttempts.add(work + "#" + attempt);
  final PendingWork pendingWork = new PendingWork(store.servers, store.snapshots);
  final ReportSnapshotProgress reportProgress = new ReportSnapshotProgress(locks, store.snapshots);
  final PerformSnapshot performSnapshot =
      new PerformSnapshot(
          pendingWork, hypervisor, reportProgress, completeSnapshot, failSnapshot, policy, retries);
  final PerformRestore performRestore =
      new PerformRestore(pendingWork, hypervisor, completeRestore, failRestore, policy, retries);
  final PurgeSnapshotData purgeSnapshotData = new PurgeSnapshotData(hypervisor, policy, retries);
  final RelayOutbox relayOutbox = new RelayOutbox(store.outboxPort, publisher);
  final FailOverdueOperations failOverdue =
      new FailOverdueOperations(
          pendingWork,
          failSnapshot,
          failRestore,
          new OperationDeadline(Duration.ofMinutes(30)),
          clock);

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
    return createSnapshot.execute(
        new CreateSnapshot.Command(owner, server, new SnapshotName(name), Description.NONE));
  }

  /** A snapshot that was created and completed. */
  SnapshotId completed(AccountId owner, ServerId server, String name) {
    SnapshotId id = create(owner, server, name).snapshot().id();
    completeSnapshot.execute(id, 1024);
    return id;
  }
}
