package org.vps.snapshots.deploy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vps.snapshots.application.access.IssueToken;
import org.vps.snapshots.application.access.IssuedToken;
import org.vps.snapshots.application.access.RegisterAccount;
import org.vps.snapshots.application.port.AccountName;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.TokenScope;
import org.vps.snapshots.application.server.RegisterServer;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.ServerName;
import org.vps.snapshots.domain.snapshot.ServerStatus;
import org.vps.snapshots.hypervisor.QemuHypervisor;

/**
 * Seeds the embedded default with the public documentation's world: account {@code demo}, server
 * 12345 {@code web-server-01} with its snapshots 798 and 801, and prints a token to try it with.
 */
@ApplicationScoped
public class DemoData {
  static final ServerId DOCUMENTED_SERVER = new ServerId(12345);
  static final List<ServerId> DEMO_SERVERS =
      List.of(DOCUMENTED_SERVER, new ServerId(12346), new ServerId(12347));

  private final boolean enabled;
  private final int port;
  private final RegisterAccount registerAccount;
  private final IssueToken issueToken;
  private final RegisterServer registerServer;
  private final Servers servers;
  private final AgroalDataSource dataSource;
  private final Hypervisor hypervisor;
  private volatile AccountId demoAccount;

  @Inject
  public DemoData(
      ServiceConfig config,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
      RegisterAccount registerAccount,
      IssueToken issueToken,
      RegisterServer registerServer,
      Servers servers,
      AgroalDataSource dataSource,
      Hypervisor hypervisor) {
    this.hypervisor = hypervisor;
    this.enabled = config.demoData();
    this.port = port;
    this.registerAccount = registerAccount;
    this.issueToken = issueToken;
    this.registerServer = registerServer;
    this.servers = servers;
    this.dataSource = dataSource;
  }

  void onStart(@Observes StartupEvent started) throws SQLException {
    if (!enabled || alreadySeeded()) {
      return;
    }
    AccountId demo = registerAccount.execute(new AccountName("demo"));
    demoAccount = demo;
    register(DOCUMENTED_SERVER, demo, "web-server-01", ServerStatus.RUNNING);
    register(DEMO_SERVERS.get(1), demo, "db-server-01", ServerStatus.STOPPED);
    register(DEMO_SERVERS.get(2), demo, "staging-01", ServerStatus.RUNNING);
    seedDocumentedSnapshots(demo);
    storeDocumentedSnapshots();
    IssuedToken write = issueToken.execute(demo, TokenScope.WRITE);
    IssuedToken read = issueToken.execute(demo, TokenScope.READ);
    printWelcome(write, read);
  }

  /** The demo account, once this process seeded it. */
  public Optional<AccountId> demoAccount() {
    return Optional.ofNullable(demoAccount);
  }

  private boolean alreadySeeded() {
    return servers.exists(DOCUMENTED_SERVER);
  }

  private void register(ServerId id, AccountId owner, String name, ServerStatus status) {
    registerServer.execute(new RegisterServer.Command(id, owner, new ServerName(name), status));
  }

  /** The documented snapshots 798 and 801, completed in January 2025; new ids start at 851. */
  private void seedDocumentedSnapshots(AccountId owner) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "insert into snapshots (id, account_id, server_id, name, description, status,"
                    + " size_mb, progress, created_at, finished_at)"
                    + " values (?, ?, ?, ?, ?, 'completed', ?, 100, ?, ?)")) {
      addSnapshot(
          insert,
          owner,
          798,
          "weekly-snapshot-2025-01-08",
          "Weekly snapshot",
          4856,
          "2025-01-08T12:00:00Z");
      addSnapshot(
          insert,
          owner,
          801,
          "pre-migration-snapshot",
          "Before major migration",
          5120,
          "2025-01-15T18:30:00Z");
      insert.executeBatch();
      connection.createStatement().execute("select setval('snapshot_ids', 801)");
    }
  }

  /**
   * With the QEMU backend the demo servers get real small disks, and snapshots 798 and 801 are real
   * snapshots of server 12345's disk, so restoring them works end to end.
   */
  private void storeDocumentedSnapshots() {
    if (hypervisor instanceof QemuHypervisor qemu) {
      for (ServerId server : DEMO_SERVERS) {
        qemu.createDisk(server, 64, 8);
      }
      hypervisor.takeSnapshot(DOCUMENTED_SERVER, new SnapshotId(798), Hypervisor.Job.UNSUPERVISED);
      hypervisor.takeSnapshot(DOCUMENTED_SERVER, new SnapshotId(801), Hypervisor.Job.UNSUPERVISED);
    }
  }

  private static void addSnapshot(
      PreparedStatement insert,
      AccountId owner,
      long id,
      String name,
      String description,
      long sizeMb,
      String createdAt)
      throws SQLException {
    Timestamp created = Timestamp.from(Instant.parse(createdAt));
    insert.setLong(1, id);
    insert.setLong(2, owner.value());
    insert.setLong(3, DOCUMENTED_SERVER.value());
    insert.setString(4, name);
    insert.setString(5, description);
    insert.setLong(6, sizeMb);
    insert.setTimestamp(7, created);
    insert.setTimestamp(8, Timestamp.from(created.toInstant().plusSeconds(420)));
    insert.addBatch();
  }

  private void printWelcome(IssuedToken write, IssuedToken read) {
    String base = "http://localhost:" + port;
    System.out.printf(
        """

        ==================== Snapshots service: embedded default ====================
        API            %s/api/v1/snapshots/
        Account        demo, servers 12345 web-server-01 (running), 12346 db-server-01
                       (stopped), 12347 staging-01 (running); snapshots 798 and 801
        Write token    %s
        Read token     %s
        Admin token    (operator API under /admin/v1/) as set by snapshots.admin-token

        Try it:
          curl -X GET "%s/api/v1/snapshots/?server_id=12345" \\
            -H "Authorization: Bearer %s" \\
            -H "Content-Type: application/json"
        ==============================================================================

        """,
        base, write.secret(), read.secret(), base, write.secret());
  }
}
