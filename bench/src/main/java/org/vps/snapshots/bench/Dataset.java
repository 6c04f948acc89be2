package org.vps.snapshots.bench;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.postgresql.PGConnection;

/**
 * A realistic data set written straight into the service's schema with COPY: accounts with five
 * servers each and about four snapshots a server (most completed, some failed, at most one in
 * progress), plus idle servers that creates may use once each.
 */
final class Dataset {
  static final int SERVERS_PER_ACCOUNT = 5;
  static final long FIRST_SERVER = 10_000_000L;
  static final long FIRST_IDLE_SERVER = 90_000_000L;
  static final java.time.Instant EPOCH = java.time.Instant.parse("2024-01-01T00:00:00Z");

  private final String url;
  private final String user;
  private final String password;
  long accounts;
  long servers;
  long snapshots;
  long idleServers;

  /** The accounts idle servers are spread over, fixed when the first idle servers are added. */
  long idleAccounts;

  private long nextSnapshotId = 1;

  Dataset(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  static String token(long account) {
    return "bench-token-" + account;
  }

  static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static long serverOf(long account, int index) {
    return FIRST_SERVER + (account - 1) * SERVERS_PER_ACCOUNT + index;
  }

  /** Grows the data set until it holds {@code totalSnapshots} snapshots. */
  void growTo(long totalSnapshots) throws Exception {
    continueSnapshotIds();
    SplittableRandom random = new SplittableRandom(42 + totalSnapshots);
    StringBuilder accountRows = new StringBuilder();
    StringBuilder tokenRows = new StringBuilder();
    StringBuilder serverRows = new StringBuilder();
    StringBuilder snapshotRows = new StringBuilder();
    while (snapshots < totalSnapshots) {
      long account = ++accounts;
      accountRows.append(account).append("\tcustomer-").append(account).append('\n');
      tokenRows
          .append(account)
          .append('\t')
          .append(account)
          .append('\t')
          .append(hash(token(account)))
          .append("\twrite\t2025-01-01 00:00:00+00\n");
      for (int s = 0; s < SERVERS_PER_ACCOUNT && snapshots < totalSnapshots; s++) {
        long server = serverOf(account, s);
        servers++;
        serverRows
            .append(server)
            .append('\t')
            .append(account)
            .append("\tserver-")
            .append(server)
            .append('\t')
            .append(s % 3 == 0 ? "stopped" : "running")
            .append('\n');
        int count = 2 + random.nextInt(5);
        for (int n = 0; n < count && snapshots < totalSnapshots; n++) {
          long id = nextSnapshotId++;
          snapshots++;
          boolean inProgress = n == count - 1 && random.nextInt(20) == 0;
          boolean failed = !inProgress && random.nextInt(10) == 0;
          String status = inProgress ? "in_progress" : failed ? "failed" : "completed";
          long day = random.nextLong(1, 700);
          snapshotRows
              .append(id)
              .append('\t')
              .append(account)
              .append('\t')
              .append(server)
              .append("\tsnap-")
              .append(n)
              .append("\tnightly snapshot\t")
              .append(status)
              .append('\t')
              .append(
                  status.equals("completed") ? Long.toString(512 + random.nextInt(8192)) : "\\N")
              .append('\t')
              .append(status.equals("completed") ? 100 : 40)
              .append('\t')
              .append(failed ? "disk unreachable" : "\\N")
              .append('\t')
              .append(EPOCH.plusSeconds(day * 86_400 + n * 3_600L))
              .append("\t{}\n");
        }
      }
    }
    try (Connection connection = connect()) {
      var copy = connection.unwrap(PGConnection.class).getCopyAPI();
      copy.copyIn("COPY accounts (id, name) FROM STDIN", new StringReader(accountRows.toString()));
      copy.copyIn(
          "COPY api_tokens (id, account_id, token_hash, scope, issued_at) FROM STDIN",
          new StringReader(tokenRows.toString()));
      copyServersAndSnapshots(connection, serverRows, snapshotRows);
      try (Statement sql = connection.createStatement()) {
        sql.execute(
            "select setval(pg_get_serial_sequence('accounts','id'), "
                + (accounts + 1_000_000)
                + ")");
        sql.execute(
            "select setval(pg_get_serial_sequence('api_tokens','id'), "
                + (accounts + 1_000_000)
                + ")");
        sql.execute("analyze");
      }
    }
  }

  /** One account far larger than the others, for measuring what a first page costs as it grows. */
  static final long BIG_ACCOUNT = 9_000_000L;

  static final long FIRST_BIG_SERVER = 80_000_000L;
  static final int BIG_ACCOUNT_SERVERS = 1_000;
  private long bigAccountSnapshots;

  /** Grows {@link #BIG_ACCOUNT} until it holds {@code total} snapshots over its servers. */
  void growBigAccount(long total) throws Exception {
    continueSnapshotIds();
    StringBuilder serverRows = new StringBuilder();
    if (bigAccountSnapshots == 0) {
      try (Connection connection = connect();
          Statement sql = connection.createStatement()) {
        sql.execute("insert into accounts (id, name) values (" + BIG_ACCOUNT + ", 'big')");
        sql.execute(
            "insert into api_tokens (id, account_id, token_hash, scope, issued_at) values ("
                + BIG_ACCOUNT
                + ", "
                + BIG_ACCOUNT
                + ", '"
                + hash(token(BIG_ACCOUNT))
                + "', 'read', now())");
      }
      for (int s = 0; s < BIG_ACCOUNT_SERVERS; s++) {
        serverRows
            .append(FIRST_BIG_SERVER + s)
            .append('\t')
            .append(BIG_ACCOUNT)
            .append("\tbig-")
            .append(s)
            .append("\trunning\n");
      }
    }
    StringBuilder snapshotRows = new StringBuilder();
    while (bigAccountSnapshots < total) {
      long n = bigAccountSnapshots++;
      snapshotRows
          .append(nextSnapshotId++)
          .append('\t')
          .append(BIG_ACCOUNT)
          .append('\t')
          .append(FIRST_BIG_SERVER + n % BIG_ACCOUNT_SERVERS)
          .append("\tbig-")
          .append(n)
          .append("\tnightly snapshot\tcompleted\t1024\t100\t\\N\t")
          .append(EPOCH.plusSeconds(n * 60))
          .append('\t')
          .append(bigAccountLabels(n))
          .append('\n');
    }
    try (Connection connection = connect()) {
      copyServersAndSnapshots(connection, serverRows, snapshotRows);
      try (Statement sql = connection.createStatement()) {
        sql.execute("analyze snapshots");
        // What autovacuum does after a bulk insert: the label rows' visibility map set, so that a
        // selector's look-ups of them are index-only, as they are in a settled database.
        sql.execute("vacuum analyze snapshot_labels");
      }
    }
  }

  /** Creates measured meanwhile took ids from the sequence; new rows go after them. */
  private void continueSnapshotIds() throws Exception {
    try (Connection connection = connect();
        Statement sql = connection.createStatement();
        var max = sql.executeQuery("select coalesce(max(id), 0) from snapshots")) {
      max.next();
      nextSnapshotId = Math.max(nextSnapshotId, max.getLong(1) + 1);
    }
  }

  /**
   * The labels of the big account's snapshot {@code n}: half {@code env=prod}, half {@code
   * env=dev}; {@code team} one of 100, so {@code team=t7} selects 1 %.
   */
  static String bigAccountLabels(long n) {
    return "{\"env\": \"" + (n % 2 == 0 ? "prod" : "dev") + "\", \"team\": \"t" + n % 100 + "\"}";
  }

  /** Loads server and snapshot rows (tab-separated) and moves the snapshot ids past them. */
  private void copyServersAndSnapshots(
      Connection connection, CharSequence serverRows, CharSequence snapshotRows) throws Exception {
    var copy = connection.unwrap(PGConnection.class).getCopyAPI();
    if (serverRows.length() > 0) {
      copy.copyIn(
          "COPY servers (id, account_id, name, status) FROM STDIN",
          new StringReader(serverRows.toString()));
    }
    copy.copyIn(
        "COPY snapshots (id, account_id, server_id, name, description, status, size_mb, progress,"
            + " failure_reason, created_at, labels) FROM STDIN",
        new StringReader(snapshotRows.toString()));
    try (Statement sql = connection.createStatement()) {
      sql.execute("select setval('snapshot_ids', " + nextSnapshotId + ")");
    }
  }

  /** Waits until the service's relay has published every waiting event. */
  void awaitEmptyOutbox(java.time.Duration within) throws Exception {
    long giveUp = System.nanoTime() + within.toNanos();
    try (Connection connection = connect();
        Statement sql = connection.createStatement()) {
      while (System.nanoTime() < giveUp) {
        try (var count = sql.executeQuery("select count(*) from outbox")) {
          count.next();
          if (count.getLong(1) == 0) {
            return;
          }
        }
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("the outbox did not drain within " + within);
  }

  /** Adds {@code count} servers with no snapshots, spread over the first accounts. */
  void addIdleServers(long count) throws Exception {
    if (idleAccounts == 0) {
      idleAccounts = accounts;
    }
    StringBuilder rows = new StringBuilder();
    for (long i = 0; i < count; i++) {
      long server = FIRST_IDLE_SERVER + idleServers + i;
      long account = accountOfIdle(server);
      rows.append(server)
          .append('\t')
          .append(account)
          .append("\tidle-")
          .append(server)
          .append("\trunning\n");
    }
    try (Connection connection = connect()) {
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY servers (id, account_id, name, status) FROM STDIN",
              new StringReader(rows.toString()));
      try (Statement sql = connection.createStatement()) {
        sql.execute("analyze servers");
      }
    }
    idleServers += count;
  }

  long accountOfIdle(long server) {
    return 1 + (server - FIRST_IDLE_SERVER) % idleAccounts;
  }
}
