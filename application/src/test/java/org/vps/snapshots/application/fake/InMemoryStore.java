package org.vps.snapshots.application.fake;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.vps.snapshots.application.port.AccountName;
import org.vps.snapshots.application.port.Accounts;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.application.port.Caller;
import org.vps.snapshots.application.port.IdempotencyKey;
import org.vps.snapshots.application.port.IdempotencyRecord;
import org.vps.snapshots.application.port.IdempotencyRecords;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Outbox.Event;
import org.vps.snapshots.application.port.Outbox.Work;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.SnapshotFilter;
import org.vps.snapshots.application.port.SnapshotQueries;
import org.vps.snapshots.application.port.SnapshotView;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.application.port.TokenHash;
import org.vps.snapshots.application.port.TokenScope;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.event.SnapshotEvent;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.operation.OperationState;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerSnapshots;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;

/** In-memory fakes of every persistence port, sharing one store like one database. */
public final class InMemoryStore {
  private final Map<Long, String> accountRows = new ConcurrentHashMap<>();
  private final Map<Long, Token> tokenRows = new ConcurrentHashMap<>();
  private final Map<ServerId, Server> serverRows = new ConcurrentHashMap<>();
  private final Map<SnapshotId, Snapshot> snapshotRows = new ConcurrentHashMap<>();
  private final List<SnapshotEvent> outbox = new ArrayList<>();
  private final List<Outbox.Pending> unpublished = new ArrayList<>();
  private final AtomicLong positions = new AtomicLong();
  private final Map<String, IdempotencyRecord> idempotency = new ConcurrentHashMap<>();
  private final Map<String, Boolean> claimedKeys = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(800);
  private final Map<OperationId, Operation> operationRows = new ConcurrentHashMap<>();
  private final Map<OperationId, Integer> operationWrites = new ConcurrentHashMap<>();
  private final AtomicLong operationIds = new AtomicLong();
  private final List<Outbox.Work> workItems = new ArrayList<>();
  private final List<org.vps.snapshots.domain.event.Notice> notices = new ArrayList<>();
  private Clock clock = Clock.systemUTC();

  private record Token(AccountId account, TokenHash hash, TokenScope scope, Instant revokedAt) {}

  private static final Comparator<Snapshot> NEWEST_FIRST =
      Comparator.comparing(Snapshot::createdAt).thenComparing(s -> s.id().value()).reversed();

  public final Accounts accounts =
      new Accounts() {
        @Override
        public AccountId add(AccountName name) {
          long id = ids.incrementAndGet();
          accountRows.put(id, name.value());
          return new AccountId(id);
        }

        @Override
        public boolean exists(AccountId id) {
          return accountRows.containsKey(id.value());
        }
      };

  public final ApiTokens apiTokens =
      new ApiTokens() {
        @Override
        public long add(AccountId account, TokenHash hash, TokenScope scope, Instant issuedAt) {
          long id = ids.incrementAndGet();
          tokenRows.put(id, new Token(account, hash, scope, null));
          return id;
        }

        @Override
        public Optional<Caller> findActive(TokenHash hash) {
          return tokenRows.entrySet().stream()
              .filter(t -> t.getValue().hash().equals(hash) && t.getValue().revokedAt() == null)
              .findFirst()
              .map(t -> new Caller(t.getValue().account(), t.getValue().scope(), t.getKey()));
        }

        @Override
        public boolean revoke(long tokenId, Instant revokedAt) {
          Token token = tokenRows.get(tokenId);
          if (token == null) {
            return false;
          }
          if (token.revokedAt() == null) {
            tokenRows.put(
                tokenId, new Token(token.account(), token.hash(), token.scope(), revokedAt));
          }
          return true;
        }
      };

  public final Servers servers =
      new Servers() {
        @Override
        public Optional<Server> lock(ServerId id) {
          return Optional.ofNullable(serverRows.get(id)).map(Copies::of);
        }

        @Override
        public Optional<Server> lockOwned(AccountId owner, ServerId id) {
          return findOwned(owner, id);
        }

        @Override
        public Optional<Server> findOwned(AccountId owner, ServerId id) {
          return lock(id).filter(s -> s.accountId().equals(owner));
        }

        @Override
        public Page<Server> listOwned(AccountId owner, PageRequest page) {
          List<Server> owned =
              serverRows.values().stream()
                  .filter(s -> s.accountId().equals(owner))
                  .sorted(Comparator.comparing(s -> s.id().value()))
                  .map(Copies::of)
                  .toList();
          return slice(owned, page);
        }

        @Override
        public boolean exists(ServerId id) {
          return serverRows.containsKey(id);
        }

        @Override
        public boolean add(Server server) {
          return serverRows.putIfAbsent(server.id(), Copies.of(server)) == null;
        }

        @Override
        public void update(Server server) {
          if (!serverRows.containsKey(server.id())) {
            throw new IllegalStateException("updating a server that is not stored");
          }
          serverRows.put(server.id(), Copies.of(server));
        }

        @Override
        public void remove(ServerId id) {
          serverRows.remove(id);
        }

        @Override
        public Set<Host> hosts() {
          return serverRows.values().stream()
              .flatMap(server -> server.host().stream())
              .collect(Collectors.toSet());
        }
      };

  public final Snapshots snapshots =
      new Snapshots() {
        @Override
        public SnapshotId nextId() {
          return new SnapshotId(ids.incrementAndGet());
        }

        @Override
        public Optional<Owner> ownerOf(SnapshotId id) {
          return Optional.ofNullable(snapshotRows.get(id))
              .map(s -> new Owner(s.accountId(), s.serverId()));
        }

        @Override
        public ServerSnapshots ofServer(ServerId server) {
          return new ServerSnapshots(
              snapshotRows.values().stream()
                  .filter(s -> s.serverId().equals(server))
                  .sorted(Comparator.comparing(Snapshot::createdAt))
                  .map(Copies::of)
                  .toList());
        }

        @Override
        public void add(Snapshot snapshot) {
          snapshotRows.put(snapshot.id(), Copies.of(snapshot));
        }

        @Override
        public void update(Snapshot snapshot) {
          if (!snapshotRows.containsKey(snapshot.id())) {
            throw new IllegalStateException("updating a snapshot that is not stored");
          }
          snapshotRows.put(snapshot.id(), Copies.of(snapshot));
        }

        @Override
        public void remove(SnapshotId id) {
          snapshotRows.remove(id);
        }

        @Override
        public void updateProgress(SnapshotId id, int percent) {
          Snapshot s = snapshotRows.get(id);
          if (s != null && s.isInProgress()) {
            snapshotRows.put(
                id,
                Snapshot.fromStorage(
                    s.id(),
                    s.accountId(),
                    s.serverId(),
                    s.name(),
                    s.description(),
                    s.createdAt(),
                    s.status(),
                    null,
                    null,
                    percent,
                    null,
                    null,
                    s.labels(),
                    s.deleteProtected(),
                    s.scheduleId().orElse(null)));
          }
        }

        @Override
        public Set<SnapshotId> wanted(Set<SnapshotId> ids) {
          return ids.stream()
              .filter(id -> snapshotRows.containsKey(id))
              .filter(id -> snapshotRows.get(id).status() != SnapshotStatus.FAILED)
              .collect(Collectors.toSet());
        }

        @Override
        public void removeAllOf(ServerId server) {
          snapshotRows.values().removeIf(s -> s.serverId().equals(server));
        }
      };

  public final SnapshotQueries snapshotQueries =
      new SnapshotQueries() {
        @Override
        public Page<SnapshotView> list(SnapshotFilter filter, PageRequest page) {
          List<SnapshotView> matching =
              snapshotRows.values().stream()
                  .filter(filter::wants)
                  .sorted(NEWEST_FIRST)
                  .map(s -> view(s))
                  .toList();
          return slice(matching, page);
        }

        @Override
        public Optional<SnapshotView> findOwned(AccountId owner, SnapshotId id) {
          return Optional.ofNullable(snapshotRows.get(id))
              .filter(s -> s.accountId().equals(owner))
              .map(s -> view(s));
        }
      };

  public final Outbox outboxPort =
      new Outbox() {
        @Override
        public void append(List<SnapshotEvent> events) {
          synchronized (outbox) {
            outbox.addAll(events);
            events.forEach(
                e -> unpublished.add(new Pending(positions.incrementAndGet(), new Event(e))));
          }
        }

        @Override
        public void appendNotice(org.vps.snapshots.domain.event.Notice notice) {
          synchronized (outbox) {
            notices.add(notice);
            unpublished.add(new Pending(positions.incrementAndGet(), new Outbox.Notice(notice)));
          }
        }

        @Override
        public void appendWork(OperationId operation, ServerId server) {
          synchronized (outbox) {
            Work work = new Work(operation, server, clock.instant());
            workItems.add(work);
            unpublished.add(new Pending(positions.incrementAndGet(), work));
          }
        }

        @Override
        public List<Pending> claimOldest(int max) {
          synchronized (outbox) {
            return List.copyOf(unpublished.subList(0, Math.min(max, unpublished.size())));
          }
        }

        @Override
        public void remove(List<Pending> published) {
          synchronized (outbox) {
            unpublished.removeAll(published);
          }
        }

        @Override
        public Backlog backlog() {
          synchronized (outbox) {
            return new Backlog(
                unpublished.size(),
                unpublished.stream().map(p -> p.message().occurredAt()).min(Instant::compareTo),
                0);
          }
        }

        @Override
        public List<Quarantined> quarantined(int max) {
          return List.of();
        }

        @Override
        public boolean requeue(long position) {
          return false;
        }

        @Override
        public boolean drop(long position) {
          return false;
        }
      };

  /** How often the operation's row was written, its first insert included. */
  public int operationWrites(OperationId id) {
    return operationWrites.getOrDefault(id, 0);
  }

  public final Operations operations =
      new Operations() {
        @Override
        public OperationId nextId() {
          return new OperationId(operationIds.incrementAndGet());
        }

        @Override
        public void add(Operation operation) {
          operationRows.put(operation.id(), Copies.of(operation));
          operationWrites.merge(operation.id(), 1, Integer::sum);
        }

        @Override
        public Optional<Operation> lock(OperationId id) {
          return Optional.ofNullable(operationRows.get(id)).map(Copies::of);
        }

        @Override
        public Optional<ServerId> serverOf(OperationId id) {
          return Optional.ofNullable(operationRows.get(id)).map(Operation::serverId);
        }

        @Override
        public void update(Operation operation) {
          if (!operationRows.containsKey(operation.id())) {
            throw new IllegalStateException("updating an operation not stored");
          }
          operationRows.put(operation.id(), Copies.of(operation));
          operationWrites.merge(operation.id(), 1, Integer::sum);
        }

        @Override
        public void lockServerWork(ServerId server) {}

        @Override
        public boolean othersRunning(ServerId server, OperationId except, Instant now) {
          return operationRows.values().stream()
              .anyMatch(
                  o ->
                      o.serverId().equals(server)
                          && !o.id().equals(except)
                          && o.state() == OperationState.RUNNING
                          && o.leaseLive(now));
        }

        @Override
        public Optional<OperationId> nextQueued(ServerId server, OperationId except) {
          return operationRows.values().stream()
              .filter(o -> o.serverId().equals(server) && !o.id().equals(except))
              .filter(o -> o.state() == OperationState.QUEUED)
              .min(Comparator.comparing(Operation::queuedAt).thenComparing(o -> o.id().value()))
              .map(Operation::id);
        }

        @Override
        public List<Operation> lockUnendedOf(ServerId server) {
          return operationRows.values().stream()
              .filter(o -> o.serverId().equals(server) && !o.isEnded())
              .sorted(Comparator.comparing(o -> o.id().value()))
              .map(Copies::of)
              .toList();
        }

        @Override
        public Set<SnapshotId> busy(Set<SnapshotId> snapshots) {
          return operationRows.values().stream()
              .filter(o -> !o.isEnded() && snapshots.contains(o.snapshotId()))
              .map(Operation::snapshotId)
              .collect(Collectors.toSet());
        }

        @Override
        public List<OperationId> needingAttention(Instant now, Instant queuedBefore, int max) {
          return operationRows.values().stream()
              .filter(
                  o ->
                      o.state() == OperationState.RUNNING
                          ? !o.leaseLive(now) || (o.isOverdue(now) && o.stopRequest().isEmpty())
                          : o.state() == OperationState.QUEUED
                              && (o.isOverdue(now) || o.queuedAt().isBefore(queuedBefore)))
              .map(Operation::id)
              .sorted(Comparator.comparing(OperationId::value))
              .limit(max)
              .toList();
        }

        @Override
        public Instant now() {
          return clock.instant();
        }

        @Override
        public Optional<Operation> findOwned(AccountId owner, OperationId id) {
          return lock(id).filter(o -> o.accountId().equals(Optional.of(owner)));
        }

        @Override
        public Page<Operation> listOwned(
            AccountId owner, Optional<ServerId> server, PageRequest page) {
          List<Operation> owned =
              operationRows.values().stream()
                  .filter(o -> o.accountId().equals(Optional.of(owner)))
                  .filter(o -> server.map(o.serverId()::equals).orElse(true))
                  .sorted(
                      Comparator.comparing(Operation::createdAt)
                          .thenComparing(o -> o.id().value())
                          .reversed())
                  .map(Copies::of)
                  .toList();
          return slice(owned, page);
        }

        @Override
        public Optional<Operation> latestOf(SnapshotId snapshot) {
          return operationRows.values().stream()
              .filter(o -> o.snapshotId().equals(snapshot))
              .filter(o -> o.kind() != OperationKind.PURGE)
              .max(Comparator.comparing(Operation::createdAt).thenComparing(o -> o.id().value()))
              .map(Copies::of);
        }
      };

  public final IdempotencyRecords idempotencyRecords =
      new IdempotencyRecords() {
        @Override
        public boolean tryClaim(AccountId account, IdempotencyKey key) {
          return claimedKeys.putIfAbsent(account.value() + ":" + key.value(), true) == null;
        }

        @Override
        public Optional<IdempotencyRecord> find(
            AccountId account, IdempotencyKey key, Instant notBefore) {
          return Optional.ofNullable(idempotency.get(account.value() + ":" + key.value()))
              .filter(r -> !r.storedAt().isBefore(notBefore));
        }

        @Override
        public int removeStoredBefore(Instant storedBefore) {
          int before = idempotency.size();
          idempotency.values().removeIf(r -> r.storedAt().isBefore(storedBefore));
          return before - idempotency.size();
        }

        @Override
        public void save(IdempotencyRecord record) {
          idempotency.put(record.account().value() + ":" + record.key().value(), record);
        }
      };

  /** The store's own clock, which lease times are compared with. */
  public void useClock(Clock clock) {
    this.clock = clock;
  }

  /** Every doorbell rung so far, in order. */
  /** Every webhook notice appended so far, in order. */
  public List<org.vps.snapshots.domain.event.Notice> notices() {
    synchronized (outbox) {
      return List.copyOf(notices);
    }
  }

  public List<Outbox.Work> work() {
    synchronized (outbox) {
      return List.copyOf(workItems);
    }
  }

  /** The stored operation, as the next transaction would read it. */
  public Operation storedOperation(OperationId id) {
    return Copies.of(operationRows.get(id));
  }

  /** Ends the current "transaction": advisory claims are released, as at a commit. */
  public void commit() {
    claimedKeys.clear();
  }

  /** Every event appended so far, in order. */
  public List<SnapshotEvent> publishedEvents() {
    synchronized (outbox) {
      return List.copyOf(outbox);
    }
  }

  /** The stored server, as the next transaction would read it. */
  public Server storedServer(ServerId id) {
    return Copies.of(serverRows.get(id));
  }

  /** The stored snapshot, as the next transaction would read it, if any. */
  public Optional<Snapshot> storedSnapshot(SnapshotId id) {
    return Optional.ofNullable(snapshotRows.get(id)).map(Copies::of);
  }

  private SnapshotView view(Snapshot s) {
    return new SnapshotView(Copies.of(s), serverRows.get(s.serverId()).name());
  }

  private static <T> Page<T> slice(List<T> all, PageRequest page) {
    int from = (int) Math.min(all.size(), page.offset());
    int to = Math.min(all.size(), from + page.size());
    return new Page<>(all.subList(from, to), all.size());
  }
}
