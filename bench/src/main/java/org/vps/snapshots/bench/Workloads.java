package org.vps.snapshots.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.vps.snapshots.domain.event.EventType;

/**
 * The requests measured, each twice: through the service over HTTP, and as the same SQL from a
 * plain JDBC client with as many connections as the service's pool.
 */
final class Workloads implements AutoCloseable {
  static final int POOL = 20;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;
  private final Dataset data;
  private final BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(POOL);
  private final AtomicLong nextIdle = new AtomicLong(Dataset.FIRST_IDLE_SERVER);

  /** Accounts whose servers hold snapshots, for list and get requests. */
  private long accounts;

  private long[] firstSnapshot = new long[0];

  Workloads(String base, Dataset data) throws SQLException {
    this.base = base;
    this.data = data;
    for (int i = 0; i < POOL; i++) {
      pool.add(data.connect());
    }
  }

  /** Requests pick among the accounts that exist now. */
  void useAccounts(long accounts) {
    this.accounts = accounts;
  }

  private long account() {
    return 1 + ThreadLocalRandom.current().nextLong(accounts);
  }

  private long serverOf(long account) {
    return Dataset.serverOf(
        account, ThreadLocalRandom.current().nextInt(Dataset.SERVERS_PER_ACCOUNT));
  }

  private long idleServer() {
    long server = nextIdle.getAndIncrement();
    if (server >= Dataset.FIRST_IDLE_SERVER + data.idleServers) {
      throw new IllegalStateException("out of idle servers: raise the reserve");
    }
    return server;
  }

  // ---- over HTTP, through the service

  boolean get(long account, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + Dataset.token(account))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
  }

  Load.Request listByServerHttp() {
    long account = account();
    long server = serverOf(account);
    return () -> get(account, "/api/v1/snapshots/?server_id=" + server);
  }

  Load.Request firstPageHttp() {
    long account = account();
    return () -> get(account, "/api/v1/snapshots/");
  }

  /** The first page of the one big account. */
  Load.Request bigFirstPageHttp() {
    return () -> get(Dataset.BIG_ACCOUNT, "/api/v1/snapshots/");
  }

  /** The first page of the one big account, with a label selector. */
  Load.Request bigSelectedPageHttp(String selector) {
    String query = URLEncoder.encode(selector, StandardCharsets.UTF_8);
    return () -> get(Dataset.BIG_ACCOUNT, "/api/v1/snapshots/?label_selector=" + query);
  }

  /** The same in plain JDBC: the matching rows' count, then their first page. */
  Load.Request bigSelectedPageJdbc(String containing) {
    return () ->
        withConnection(
            c ->
                authenticate(c, Dataset.BIG_ACCOUNT) != null
                    && labelledPage(c, Dataset.BIG_ACCOUNT, containing));
  }

  private static boolean labelledPage(Connection connection, long account, String containing)
      throws SQLException {
    String where = "s.account_id = ? and s.labels @> ?::jsonb";
    try (PreparedStatement count =
            connection.prepareStatement("select count(*) from snapshots s where " + where);
        PreparedStatement rows =
            connection.prepareStatement(
                "select s.id, s.name, s.labels, v.name from snapshots s join servers v on v.id ="
                    + " s.server_id where "
                    + where
                    + " order by s.created_at desc, s.id desc limit 50 offset 0")) {
      for (PreparedStatement sql : new PreparedStatement[] {count, rows}) {
        sql.setLong(1, account);
        sql.setString(2, containing);
      }
      try (ResultSet total = count.executeQuery();
          ResultSet page = rows.executeQuery()) {
        total.next();
        while (page.next()) {
          page.getString(2);
        }
        return true;
      }
    }
  }

  Load.Request bigFirstPageJdbc() {
    return () ->
        withConnection(
            c ->
                authenticate(c, Dataset.BIG_ACCOUNT) != null && page(c, Dataset.BIG_ACCOUNT, null));
  }

  Load.Request getHttp() {
    long account = account();
    long snapshot = someSnapshotOf(account);
    return () -> get(account, "/api/v1/snapshots/" + snapshot + "/");
  }

  Load.Request createHttp() {
    long server = idleServer();
    long account = data.accountOfIdle(server);
    return () -> createOverHttp(account, server).statusCode() == 201;
  }

  HttpResponse<String> createOverHttp(long account, long server) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/snapshots/"))
            .header("Authorization", "Bearer " + Dataset.token(account))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"server_id\":" + server + ",\"name\":\"bench\"}"))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  long nextIdleServer() {
    return idleServer();
  }

  long accountOfIdle(long server) {
    return data.accountOfIdle(server);
  }

  // ---- the same SQL from plain JDBC

  private interface Work {
    boolean run(Connection connection) throws SQLException;
  }

  private boolean withConnection(Work work) throws Exception {
    Connection connection = pool.take();
    try {
      return work.run(connection);
    } finally {
      pool.add(connection);
    }
  }

  private static Long authenticate(Connection connection, long account) throws SQLException {
    try (PreparedStatement sql =
        connection.prepareStatement(
            "select account_id, scope from api_tokens where token_hash = ? and revoked_at is null")) {
      sql.setString(1, Dataset.hash(Dataset.token(account)));
      try (ResultSet row = sql.executeQuery()) {
        return row.next() ? row.getLong(1) : null;
      }
    }
  }

  private static boolean page(Connection connection, long account, Long server)
      throws SQLException {
    String where = "s.account_id = ?" + (server == null ? "" : " and s.server_id = ?");
    try (PreparedStatement count =
            connection.prepareStatement("select count(*) from snapshots s where " + where);
        PreparedStatement rows =
            connection.prepareStatement(
                "select s.id, s.account_id, s.server_id, s.name, s.description, s.status, s.size_mb,"
                    + " s.progress, s.failure_reason, s.created_at, s.finished_at, v.name"
                    + " from snapshots s join servers v on v.id = s.server_id where "
                    + where
                    + " order by s.created_at desc, s.id desc limit 50 offset 0")) {
      for (PreparedStatement sql : new PreparedStatement[] {count, rows}) {
        sql.setLong(1, account);
        if (server != null) {
          sql.setLong(2, server);
        }
      }
      try (ResultSet total = count.executeQuery();
          ResultSet page = rows.executeQuery()) {
        total.next();
        while (page.next()) {
          page.getString(4);
        }
        return true;
      }
    }
  }

  Load.Request listByServerJdbc() {
    long account = account();
    long server = serverOf(account);
    return () -> withConnection(c -> authenticate(c, account) != null && page(c, account, server));
  }

  Load.Request firstPageJdbc() {
    long account = account();
    return () -> withConnection(c -> authenticate(c, account) != null && page(c, account, null));
  }

  Load.Request getJdbc() {
    long account = account();
    long snapshot = someSnapshotOf(account);
    return () ->
        withConnection(
            c -> {
              if (authenticate(c, account) == null) {
                return false;
              }
              try (PreparedStatement sql =
                  c.prepareStatement(
                      "select s.id, s.name, s.status, s.created_at, v.name from snapshots s"
                          + " join servers v on v.id = s.server_id where s.id = ? and s.account_id = ?")) {
                sql.setLong(1, snapshot);
                sql.setLong(2, account);
                try (ResultSet row = sql.executeQuery()) {
                  return row.next();
                }
              }
            });
  }

  Load.Request createJdbc() {
    long server = idleServer();
    long account = data.accountOfIdle(server);
    return () ->
        withConnection(
            c -> {
              if (authenticate(c, account) == null) {
                return false;
              }
              c.setAutoCommit(false);
              try {
                boolean created = createInTransaction(c, account, server);
                c.commit();
                return created;
              } catch (SQLException e) {
                c.rollback();
                throw e;
              } finally {
                c.setAutoCommit(true);
              }
            });
  }

  /**
   * The create transaction: lock the server, read its snapshots, insert the snapshot, its
   * operation, its event and the work for the workers.
   */
  private static boolean createInTransaction(Connection c, long account, long server)
      throws SQLException {
    try (PreparedStatement lock =
            c.prepareStatement(
                "select id, name, status from servers where id = ? and account_id = ? for no key update");
        PreparedStatement existing =
            c.prepareStatement(
                "select id, name, status from snapshots where server_id = ? order by created_at, id");
        PreparedStatement next =
            c.prepareStatement("select nextval('snapshot_ids'), nextval('operation_ids')");
        PreparedStatement operation =
            c.prepareStatement(
                "insert into operations (id, kind, account_id, server_id, snapshot_id, state,"
                    + " created_at, deadline, queued_at) values (?, 'snapshot', ?, ?, ?, 'queued',"
                    + " ?, ?, ?)");
        PreparedStatement work =
            c.prepareStatement(
                "insert into outbox (topic, event_id, event_type, message_key, payload, occurred_at)"
                    + " values ('work', ?, 'OperationQueued', ?, ?::jsonb, ?)");
        PreparedStatement insert =
            c.prepareStatement(
                "insert into snapshots (id, account_id, server_id, name, description, status, progress, created_at)"
                    + " values (?, ?, ?, 'bench', '', 'in_progress', 0, ?)");
        PreparedStatement event =
            c.prepareStatement(
                "insert into outbox (event_id, event_type, message_key, payload, occurred_at)"
                    + " values (?, '"
                    + EventType.SNAPSHOT_CREATED.wireName()
                    + "', ?, ?::jsonb, ?)")) {
      lock.setLong(1, server);
      lock.setLong(2, account);
      try (ResultSet row = lock.executeQuery()) {
        if (!row.next()) {
          return false;
        }
      }
      existing.setLong(1, server);
      try (ResultSet rows = existing.executeQuery()) {
        while (rows.next()) {
          rows.getString(2);
        }
      }
      long id;
      long operationId;
      try (ResultSet row = next.executeQuery()) {
        row.next();
        id = row.getLong(1);
        operationId = row.getLong(2);
      }
      java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
      insert.setLong(1, id);
      insert.setLong(2, account);
      insert.setLong(3, server);
      insert.setTimestamp(4, now);
      insert.executeUpdate();
      operation.setLong(1, operationId);
      operation.setLong(2, account);
      operation.setLong(3, server);
      operation.setLong(4, id);
      operation.setTimestamp(5, now);
      operation.setTimestamp(6, java.sql.Timestamp.from(now.toInstant().plusSeconds(1800)));
      operation.setTimestamp(7, now);
      operation.executeUpdate();
      UUID eventId = UUID.randomUUID();
      event.setObject(1, eventId);
      event.setString(2, Long.toString(server));
      // The service's own storage form, so that its relay publishes these events too.
      event.setString(
          3,
          "{\"outbox_version\":1,\"eventId\":\""
              + eventId
              + "\",\"occurredAt\":\""
              + now.toInstant()
              + "\",\"accountId\":"
              + account
              + ",\"serverId\":"
              + server
              + ",\"snapshotId\":"
              + id
              + ",\"operationId\":"
              + operationId
              + ",\"name\":\"bench\",\"description\":\"\",\"serverStatus\":\"running\"}");
      event.setTimestamp(4, now);
      event.executeUpdate();
      work.setObject(1, UUID.randomUUID());
      work.setString(2, Long.toString(server));
      work.setString(3, "{\"outbox_version\":1,\"operationId\":" + operationId + "}");
      work.setTimestamp(4, now);
      work.executeUpdate();
      return true;
    }
  }

  /** One snapshot of the account, from a table read once. */
  private long someSnapshotOf(long account) {
    return firstSnapshot[(int) account];
  }

  /** Reads each account's first snapshot id, so that get requests need no lookup. */
  void indexSnapshots() throws Exception {
    firstSnapshot = new long[(int) accounts + 1];
    withConnection(
        c -> {
          try (PreparedStatement sql =
              c.prepareStatement(
                  "select account_id, min(id) from snapshots where account_id <= ? group by account_id"); ) {
            sql.setLong(1, accounts);
            try (ResultSet rows = sql.executeQuery()) {
              while (rows.next()) {
                firstSnapshot[(int) rows.getLong(1)] = rows.getLong(2);
              }
            }
          }
          return true;
        });
  }

  @Override
  public void close() throws SQLException {
    for (Connection connection : pool) {
      connection.close();
    }
  }
}
