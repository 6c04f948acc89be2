package org.vps.snapshots.deploy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.vps.snapshots.application.contract.AccessContract;
import org.vps.snapshots.application.contract.PortContract.Ports;
import org.vps.snapshots.application.contract.ServersContract;
import org.vps.snapshots.application.contract.SnapshotQueriesContract;
import org.vps.snapshots.application.contract.SnapshotsContract;
import org.vps.snapshots.application.port.Accounts;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.application.port.IdempotencyRecords;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.SnapshotQueries;
import org.vps.snapshots.application.port.Snapshots;

/** The PostgreSQL adapter keeps the same port contracts as the in-memory fakes. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class PostgresPortsTest {
  @Inject Accounts accounts;
  @Inject ApiTokens apiTokens;
  @Inject Servers servers;
  @Inject Snapshots snapshots;
  @Inject SnapshotQueries snapshotQueries;
  @Inject IdempotencyRecords idempotencyRecords;

  Ports ports() {
    return new Ports(accounts, apiTokens, servers, snapshots, snapshotQueries, idempotencyRecords);
  }

  <T> T inNewTransaction(Supplier<T> work) {
    return QuarkusTransaction.requiringNew().call(work::get);
  }

  @Nested
  class ServersOnPostgres extends ServersContract {
    @Override
    protected Ports ports() {
      return PostgresPortsTest.this.ports();
    }

    @Override
    protected <T> T inTransaction(Supplier<T> work) {
      return inNewTransaction(work);
    }
  }

  @Nested
  class SnapshotsOnPostgres extends SnapshotsContract {
    @Override
    protected Ports ports() {
      return PostgresPortsTest.this.ports();
    }

    @Override
    protected <T> T inTransaction(Supplier<T> work) {
      return inNewTransaction(work);
    }
  }

  @Nested
  class SnapshotQueriesOnPostgres extends SnapshotQueriesContract {
    @Override
    protected Ports ports() {
      return PostgresPortsTest.this.ports();
    }

    @Override
    protected <T> T inTransaction(Supplier<T> work) {
      return inNewTransaction(work);
    }
  }

  @Nested
  class AccessOnPostgres extends AccessContract {
    @Override
    protected Ports ports() {
      return PostgresPortsTest.this.ports();
    }

    @Override
    protected <T> T inTransaction(Supplier<T> work) {
      return inNewTransaction(work);
    }
  }
}
