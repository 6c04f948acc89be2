package org.vps.snapshots.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.event.SnapshotCreated;
import org.vps.snapshots.persistence.EventCodec;

/**
 * The highest rate at which the relays of running nodes drain the outbox to Kafka: a backlog of
 * events over many servers appears in one commit, and the time until the outbox is empty again is
 * measured.
 */
final class RelayThroughput {
  private static final long SERVERS = 10_000;

  private final Dataset data;
  private final EventCodec codec = new EventCodec(new ObjectMapper());

  RelayThroughput(Dataset data) {
    this.data = data;
  }

  /** Events per second drained, with the relays of whichever nodes run now. */
  double drain(int events) throws Exception {
    StringBuilder rows = new StringBuilder();
    Instant now = Instant.now();
    for (int i = 0; i < events; i++) {
      ServerId server = new ServerId(Dataset.FIRST_SERVER + i % SERVERS);
      SnapshotCreated event =
          new SnapshotCreated(
              UUID.randomUUID(),
              now,
              new AccountId(1),
              server,
              new SnapshotId(1_000_000_000L + i),
              new OperationId(1_000_000_000L + i),
              "relay-" + i,
              "",
              "running",
              Labels.NONE,
              "manual",
              null);
      rows.append("events\t")
          .append(event.eventId())
          .append('\t')
          .append(event.type().wireName())
          .append('\t')
          .append(server.value())
          .append('\t')
          .append(codec.encode(event).replace("\\", "\\\\"))
          .append('\t')
          .append(now)
          .append('\n');
    }
    try (Connection connection = data.connect()) {
      connection.setAutoCommit(false);
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY outbox (topic, event_id, event_type, message_key, payload, occurred_at)"
                  + " FROM STDIN",
              new StringReader(rows.toString()));
      connection.commit();
      // As a node does once its append committed: the relays wake now, not at their next poll.
      try (Statement announce = connection.createStatement()) {
        announce.execute("NOTIFY snapshots_outbox");
      }
      connection.commit();
    }
    long started = System.nanoTime();
    data.awaitEmptyOutbox(Duration.ofMinutes(10));
    return events / ((System.nanoTime() - started) / 1e9);
  }
}
