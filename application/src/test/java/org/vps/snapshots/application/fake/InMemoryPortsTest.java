package org.vps.snapshots.application.fake;

import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
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

/**
 * The fakes keep the same contracts as the PostgreSQL adapter, so use-case tests can trust them.
 */
class InMemoryPortsTest {
  final InMemoryStore store = new InMemoryStore();
  final InMemorySchedules schedules = new InMemorySchedules();
  final InMemoryWebhooks webhooks = new InMemoryWebhooks(java.time.Clock.systemUTC());
  final Harness harness =
      new Harness() {
        @Override
        public Ports ports() {
          return new Ports(
              store.accounts,
              store.apiTokens,
              store.servers,
              store.snapshots,
              store.snapshotQueries,
              store.idempotencyRecords,
              store.outboxPort,
              store.operations,
              webhooks.endpoints,
              webhooks.deliveries,
              schedules);
        }

        @Override
        public <T> T inTransaction(Supplier<T> work) {
          T result = work.get();
          store.commit();
          return result;
        }
      };

  @Nested
  class Schedules extends SchedulesContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class Webhooks extends WebhooksContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class Servers extends ServersContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class Snapshots extends SnapshotsContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class SnapshotQueries extends SnapshotQueriesContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class Outbox extends OutboxContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class Operations extends OperationsContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }

  @Nested
  class Access extends AccessContract {
    @Override
    protected Harness harness() {
      return harness;
    }
  }
}
