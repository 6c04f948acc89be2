package org.vps.snapshots.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.vps.snapshots.application.contract.AccessContract;
import org.vps.snapshots.application.contract.OperationsContract;
import org.vps.snapshots.application.contract.OutboxContract;
import org.vps.snapshots.application.contract.PortContract.Harness;
import org.vps.snapshots.application.contract.PortContract.Ports;
import org.vps.snapshots.application.contract.SchedulesContract;
import org.vps.snapshots.application.contract.ServersContract;
import org.vps.snapshots.application.contract.SnapshotQueriesContract;
import org.vps.snapshots.application.contract.SnapshotsContract;
import org.vps.snapshots.application.contract.WebhooksContract;
import org.vps.snapshots.application.port.AccountName;
import org.vps.snapshots.application.port.Accounts;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.application.port.IdempotencyRecords;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.OutboxSignal;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.Schedules;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.SnapshotFilter;
import org.vps.snapshots.application.port.SnapshotQueries;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.application.port.WebhookDeliveries;
import org.vps.snapshots.application.port.WebhookEndpoints;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.event.SnapshotCreated;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerName;
import org.vps.snapshots.domain.snapshot.ServerStatus;

/**
 * The PostgreSQL adapter keeps the same port contracts as the in-memory fakes, against a real
 * PostgreSQL: the adapter alone, without the application around it (no relay reads the outbox).
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class PostgresPortsTest {
  @Inject Accounts accounts;
  @Inject ApiTokens apiTokens;
  @Inject Servers servers;
  @Inject Snapshots snapshots;
  @Inject SnapshotQueries snapshotQueries;
  @Inject IdempotencyRecords idempotencyRecords;
  @Inject Outbox outbox;
  @Inject Operations operations;
  @Inject WebhookEndpoints webhookEndpoints;
  @Inject WebhookDeliveries webhookDeliveries;
  @Inject OutboxSignal outboxSignal;
  @Inject Schedules schedules;
  @Inject EntityManager entityManager;
  @Inject CommitNotifications notifications;

  final Harness harness =
      new Harness() {
        @Override
        public Ports ports() {
          return new Ports(
              accounts,
              apiTokens,
              servers,
              snapshots,
              snapshotQueries,
              idempotencyRecords,
              outbox,
              operations,
              webhookEndpoints,
              webhookDeliveries,
              schedules);
        }

        @Override
        public <T> T inTransaction(Supplier<T> work) {
          return QuarkusTransaction.requiringNew().call(work::get);
        }
      };

  @ConfigProperty(name = "quarkus.datasource.jdbc.url")
  String url;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  /** A relay's listening session, as {@code PostgresOutboxSignal} holds it. */
  private Connection listeningRelay() throws SQLException {
    Connection session = DriverManager.getConnection(url, user, password);
    try (Statement member = session.createStatement()) {
      member.execute("select pg_advisory_lock_shared(" + 0x5A4E_0B0E + ", -1)");
    }
    return session;
  }

  /**
   * A relay waiting for outbox messages leaves when it is interrupted (the node stops), not when
   * its wait runs out: the wait was one blocked socket read that ignored the interrupt, and held
   * the node's stop for up to the poll interval.
   */
  @Test
  void aWaitForOutboxMessagesEndsWhenItsThreadIsInterrupted() throws Exception {
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    Thread waiting =
        new Thread(
            () -> {
              try {
                outboxSignal.await(Duration.ofSeconds(60));
                ended.complete(null);
              } catch (Throwable e) {
                ended.complete(e);
              }
            });
    waiting.start();
    // It waits: nothing ends it for half a second.
    Awaitility.await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !ended.isDone());

    waiting.interrupt();

    assertThat(ended.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
  }

  /**
   * A transaction that appends to the outbox sends no notification itself (its commit would take
   * PostgreSQL's lock for notifying commits and hold it through its flush, so that concurrent
   * creates committed one flush after another): the node tells the relays once it has committed,
   * from a session of its own.
   */
  @Test
  void anAppendToTheOutboxIsToldOnceItsTransactionCommittedFromAnotherSession() throws Exception {
    try (Connection relay = listeningOn("snapshots_outbox")) {
      int writer =
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    outbox.appendWork(new OperationId(910000001), new ServerId(910000001));
                    return ((Number)
                            entityManager
                                .createNativeQuery("select pg_backend_pid()")
                                .getSingleResult())
                        .intValue();
                  });

      List<PGNotification> heard = heard(relay, 1);

      assertThat(heard).isNotEmpty().allSatisfy(n -> assertThat(n.getPID()).isNotEqualTo(writer));
    }
  }

  @Test
  void aNotificationAfterCommitIsSentOnceWhenItsTransactionCommitsAndNeverWhenItRollsBack()
      throws Exception {
    try (Connection listener = listeningOn("commit_test")) {
      assertThatThrownBy(
              () ->
                  QuarkusTransaction.requiringNew()
                      .run(
                          () -> {
                            notifications.afterCommit("commit_test", "rolled back");
                            throw new IllegalStateException("rolled back");
                          }))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(
              () ->
                  QuarkusTransaction.requiringNew()
                      .run(
                          () -> {
                            QuarkusTransaction.setRollbackOnly();
                            notifications.afterCommit("commit_test", "marked to roll back");
                          }))
          .isInstanceOf(QuarkusTransactionException.class);
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                notifications.afterCommit("commit_test", "committed");
                notifications.afterCommit("commit_test", "committed");
                notifications.afterCommit("commit_test", "also committed");
              });

      // In the order they were sent: a rolled-back one would come first.
      assertThat(heard(listener, 2))
          .extracting(PGNotification::getParameter)
          .containsExactly("committed", "also committed");
    }
  }

  /**
   * The create inserts a snapshot's first operation with the snapshot itself, which no one can be
   * following yet: that insert notifies no one, so the create's commit takes no notification lock.
   * An operation started on a snapshot that exists is told to its followers.
   */
  @Test
  void aSnapshotsFirstOperationIsToldToNoOneButARestoreOfItIs() throws Exception {
    try (Connection follower = listeningOn("snapshot_changes")) {
      QuarkusTransaction.requiringNew().run(() -> insertOperation(910000011, "snapshot"));
      QuarkusTransaction.requiringNew().run(() -> insertOperation(910000012, "restore"));

      // Notifications arrive in commit order: the create's would come first.
      assertThat(heard(follower, 1))
          .first()
          .extracting(PGNotification::getParameter)
          .isEqualTo("910000012");
    } finally {
      QuarkusTransaction.requiringNew()
          .run(
              () ->
                  entityManager
                      .createNativeQuery(
                          "delete from operations where id in (910000011, 910000012)")
                      .executeUpdate());
    }
  }

  private void insertOperation(long id, String kind) {
    entityManager
        .createNativeQuery(
            "insert into operations (id, kind, account_id, server_id, snapshot_id, state,"
                + " created_at, deadline, queued_at)"
                + " values (?1, ?2, 1, ?1, ?1, 'queued', now(), now() + interval '1 hour', now())")
        .setParameter(1, id)
        .setParameter(2, kind)
        .executeUpdate();
  }

  private Connection listeningOn(String channel) throws SQLException {
    Connection session = DriverManager.getConnection(url, user, password);
    try (Statement listen = session.createStatement()) {
      listen.execute("LISTEN " + channel);
    }
    return session;
  }

  /** The notifications {@code listener} hears until it has {@code atLeast}, or 20 s passed. */
  private static List<PGNotification> heard(Connection listener, int atLeast) throws SQLException {
    List<PGNotification> heard = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (heard.size() < atLeast && System.nanoTime() < deadline) {
      PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(500);
      if (got != null) {
        heard.addAll(List.of(got));
      }
    }
    return heard;
  }

  /**
   * Reads outside a transaction take pooled connections in autocommit: none is handed back with a
   * transaction left open on it, holding back vacuum and its snapshot of the data.
   */
  @Test
  void readsOutsideATransactionLeaveNoTransactionOpen() throws SQLException {
    AccountId owner = harness.inTransaction(() -> accounts.add(new AccountName("reader")));
    SnapshotFilter filter = new SnapshotFilter(owner, Optional.empty(), Optional.empty());
    for (int i = 0; i < 20; i++) {
      assertThat(snapshotQueries.list(filter, new PageRequest(1, 50)).total()).isZero();
    }

    try (Connection observer = DriverManager.getConnection(url, user, password);
        Statement sessions = observer.createStatement();
        ResultSet open =
            sessions.executeQuery(
                "select count(*) from pg_stat_activity where datname = current_database()"
                    + " and state like 'idle in transaction%'")) {
      open.next();
      assertThat(open.getLong(1)).isZero();
    }
  }

  @Test
  void nodesDrawingIdsInBlocksNeverShareOne() {
    // Two nodes: two adapters, each with blocks of its own, drawing from the same sequences.
    List<PostgresSnapshots> snapshotNodes =
        List.of(new PostgresSnapshots(), new PostgresSnapshots());
    List<PostgresOperations> operationNodes =
        List.of(new PostgresOperations(), new PostgresOperations());
    Set<Long> snapshotIds = new HashSet<>();
    Set<Long> operationIds = new HashSet<>();

    harness.inTransaction(
        () -> {
          for (int i = 0; i < 120; i++) {
            for (int node = 0; node < 2; node++) {
              snapshotIds.add(snapshotNodes.get(node).nextId().value());
              operationIds.add(operationNodes.get(node).nextId().value());
            }
          }
          return null;
        });

    assertThat(snapshotIds).hasSize(240);
    assertThat(operationIds).hasSize(240);
  }

  @Test
  void serversLockedTogetherSkipOneAnotherTransactionHoldsInsteadOfWaitingForIt() throws Exception {
    AccountId owner = harness.inTransaction(() -> accounts.add(new AccountName("held")));
    Server held = server(owner, 71_000_001L);
    Server free = server(owner, 71_000_002L);
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Boolean> holder =
        CompletableFuture.supplyAsync(
            () ->
                harness.inTransaction(
                    () -> {
                      boolean found = servers.lock(held.id()).isPresent();
                      locked.countDown();
                      await(release);
                      return found;
                    }));
    await(locked);

    Map<ServerId, Server> together;
    try {
      together =
          harness.inTransaction(
              () -> servers.lockOwnedUnlessHeld(Map.of(held.id(), owner, free.id(), owner)));
    } finally {
      release.countDown();
    }

    assertThat(holder.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(together).containsOnlyKeys(free.id());
    assertThat(
            harness.inTransaction(
                () -> servers.lockOwnedUnlessHeld(Map.of(held.id(), owner, free.id(), owner))))
        .containsOnlyKeys(held.id(), free.id());
  }

  private Server server(AccountId owner, long id) {
    Server server =
        Server.register(
            new ServerId(id), owner, new ServerName("held-" + id), ServerStatus.RUNNING);
    harness.inTransaction(() -> servers.add(server));
    return server;
  }

  @Test
  void aLoneRelayTakesEveryPartitionWithMessagesAtOnce() {
    harness.inTransaction(
        () -> {
          for (long server = 1; server <= 64; server++) {
            outbox.appendWork(new OperationId(server), new ServerId(server));
          }
          return null;
        });

    Set<Long> once = harness.inTransaction(() -> positions(outbox.claimOldest(100_000)));

    assertThat(once).containsAll(harness.inTransaction(this::claimEveryPartition));
  }

  @Test
  void whileOneRelayHoldsAPartitionAnotherRelaysTheOthersButNeverThatOne() throws Exception {
    try (Connection one = listeningRelay();
        Connection two = listeningRelay()) {
      twoRelaysShareTheOutbox();
    }
  }

  @Test
  void aListingIsPlannedOnceAndNotAgainOnEveryPage() {
    // One transaction: one connection, whose prepared statements PostgreSQL counts.
    long plannedEveryTime =
        harness.inTransaction(
            () -> {
              AccountId owner = new AccountId(1);
              Optional<ServerId> server = Optional.of(new ServerId(12345));
              for (int i = 0; i < 10; i++) {
                snapshotQueries.list(
                    new SnapshotFilter(owner, server, Optional.empty()), new PageRequest(1, 50));
                servers.listOwned(owner, new PageRequest(1, 50));
                operations.listOwned(owner, server, new PageRequest(2, 20));
              }
              return ((Number)
                      entityManager
                          .createNativeQuery(
                              "select count(*) from pg_prepared_statements where from_sql is false"
                                  + " and generic_plans = 0 and statement like '%order by%offset%'")
                          .getSingleResult())
                  .longValue();
            });

    assertThat(plannedEveryTime).isZero();
  }

  @Test
  void aServersQueuedAndRunningOperationsAreFoundByServerAfterAQuietSpell() {
    // The statistics were gathered when every operation had ended, so PostgreSQL believes its
    // indexes of unended operations empty; then a burst of creates queues thousands. A plan that
    // scans such an index whole, filtering on the server, is priced as free and walks them all.
    // One transaction, which removes its rows again, so one connection: the statements the adapter
    // prepared on it are the ones PostgreSQL plans here, for any bound value, as it keeps them.
    List<String> plans =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  insertOperations(1, "succeeded");
                  entityManager.createNativeQuery("analyze operations").executeUpdate();
                  insertOperations(20001, "queued");
                  for (int i = 0; i < 6; i++) {
                    operations.othersRunning(
                        new ServerId(900000007), new OperationId(1), Instant.now());
                    operations.nextQueued(new ServerId(900000007), new OperationId(1));
                  }
                  entityManager
                      .createNativeQuery(
                          "create function pg_temp.generic_plan(statement text) returns setof text"
                              + " language plpgsql as $$ begin"
                              + " return query execute 'explain (generic_plan) ' || statement;"
                              + " end $$")
                      .executeUpdate();
                  List<?> found =
                      entityManager
                          .createNativeQuery(
                              "select string_agg(p, chr(10)) from pg_prepared_statements s,"
                                  + " pg_temp.generic_plan(s.statement) p"
                                  + " where s.from_sql is false and s.statement like '%<>%'"
                                  + " and s.statement like '%from operations%' group by s.name")
                          .getResultList();
                  entityManager
                      .createNativeQuery("delete from operations where id > 900000000")
                      .executeUpdate();
                  return found.stream().map(String::valueOf).toList();
                });

    assertThat(plans)
        .hasSize(2)
        .allSatisfy(plan -> assertThat(plan).containsPattern("Index Cond: \\(+server_id = \\$1"));
  }

  /** 20,000 operations in {@code state} over 4,000 servers, from id {@code first}. */
  private void insertOperations(int first, String state) {
    entityManager
        .createNativeQuery(
            "insert into operations (id, kind, account_id, server_id, snapshot_id, state,"
                + " lease_owner, created_at, deadline, queued_at)"
                + " select 900000000 + n, 'snapshot', 1, 900000000 + n % 4000, 900000000 + n,"
                + " ?1, null, now(), now() + interval '1 hour', now()"
                + " from generate_series(?2, ?2 + 19999) n")
        .setParameter(1, state)
        .setParameter(2, first)
        .executeUpdate();
  }

  @Test
  void theOutboxIsVacuumedSoonAfterTheRelayRemovedManyRows() {
    long before = harness.inTransaction(this::outboxVacuums);
    harness.inTransaction(
        () -> {
          for (long server = 1; server <= OutboxVacuum.ROWS; server++) {
            outbox.appendWork(new OperationId(server), new ServerId(server));
          }
          return null;
        });

    harness.inTransaction(
        () -> {
          outbox.remove(outbox.claimOldest(OutboxVacuum.ROWS));
          return null;
        });

    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(harness.inTransaction(this::outboxVacuums)).isGreaterThan(before));
  }

  /** How often the outbox was vacuumed by hand (not by autovacuum), as PostgreSQL counts. */
  private long outboxVacuums() {
    return ((Number)
            entityManager
                .createNativeQuery(
                    "select vacuum_count from pg_stat_user_tables where relname = 'outbox'")
                .getSingleResult())
        .longValue();
  }

  private void twoRelaysShareTheOutbox() throws Exception {
    harness.inTransaction(
        () -> {
          for (long server = 1; server <= 64; server++) {
            outbox.append(
                List.of(
                    new SnapshotCreated(
                        UUID.randomUUID(),
                        Instant.now(),
                        new AccountId(1),
                        new ServerId(server),
                        new SnapshotId(server),
                        new OperationId(server),
                        "held",
                        "",
                        "running",
                        Labels.NONE,
                        "manual",
                        null)));
          }
          return null;
        });
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Set<Long>> first =
        CompletableFuture.supplyAsync(
            () ->
                harness.inTransaction(
                    () -> {
                      Set<Long> held = positions(outbox.claimOldest(100_000));
                      claimed.countDown();
                      await(release);
                      return held;
                    }));

    await(claimed);
    Set<Long> others = harness.inTransaction(this::claimEveryPartition);
    release.countDown();
    Set<Long> held = first.get();

    assertThat(held).isNotEmpty();
    assertThat(others).isNotEmpty().doesNotContainAnyElementsOf(held);
    assertThat(harness.inTransaction(this::claimEveryPartition)).containsAll(held);
  }

  private Set<Long> claimEveryPartition() {
    Set<Long> all = new HashSet<>();
    for (int i = 0; i < 2 * 16; i++) {
      all.addAll(positions(outbox.claimOldest(100_000)));
    }
    return all;
  }

  private static Set<Long> positions(List<Outbox.Pending> pending) {
    return pending.stream().map(Outbox.Pending::position).collect(Collectors.toSet());
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Nested
  class SchedulesOnPostgres extends SchedulesContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class WebhooksOnPostgres extends WebhooksContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class ServersOnPostgres extends ServersContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class SnapshotsOnPostgres extends SnapshotsContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class SnapshotQueriesOnPostgres extends SnapshotQueriesContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class OutboxOnPostgres extends OutboxContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class OperationsOnPostgres extends OperationsContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class AccessOnPostgres extends AccessContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }
}
