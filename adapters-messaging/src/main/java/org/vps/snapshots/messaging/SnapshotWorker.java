package org.vps.snapshots.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.PerformRestore;
import org.vps.snapshots.application.PerformSnapshot;
import org.vps.snapshots.application.PurgeSnapshotData;
import org.vps.snapshots.application.WorkOutcome;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * Consumes {@code snapshots.events} as group {@code snapshot-workers} and does the long-running
 * work the events ask for. A record is acknowledged only once its work ended; a failure is not
 * swallowed: it nacks the record, which the connector sends to the dead-letter topic.
 */
@ApplicationScoped
public class SnapshotWorker {
  private static final Logger LOG = Logger.getLogger(SnapshotWorker.class);

  private final PerformSnapshot performSnapshot;
  private final PerformRestore performRestore;
  private final PurgeSnapshotData purgeSnapshotData;
  private final ObjectMapper json;
  private final MeterRegistry metrics;

  @Inject
  public SnapshotWorker(
      PerformSnapshot performSnapshot,
      PerformRestore performRestore,
      PurgeSnapshotData purgeSnapshotData,
      ObjectMapper json,
      MeterRegistry metrics) {
    this.performSnapshot = performSnapshot;
    this.performRestore = performRestore;
    this.purgeSnapshotData = purgeSnapshotData;
    this.json = json;
    this.metrics = metrics;
  }

  @Incoming("snapshot-work")
  @Blocking(ordered = false)
  public void work(ConsumerRecord<String, String> record) {
    String type = CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE);
    if (type == null) {
      throw new IllegalArgumentException("a record without ce_type cannot be worked on");
    }
    switch (type) {
      case "SnapshotCreated" ->
          measured(
              "snapshot", record, data -> performSnapshot.execute(server(data), snapshot(data)));
      case "RestoreStarted" ->
          measured("restore", record, data -> performRestore.execute(server(data), snapshot(data)));
      case "SnapshotDeleted" ->
          measured(
              "purge",
              record,
              data -> {
                purgeSnapshotData.execute(server(data), snapshot(data));
                return WorkOutcome.APPLIED;
              });
      default -> {
        // Completions and failures ask for no work.
      }
    }
  }

  /** Runs one piece of work, timing it by its outcome; a failure is counted, then rethrown. */
  private void measured(
      String operation,
      ConsumerRecord<String, String> record,
      Function<JsonNode, WorkOutcome> work) {
    JsonNode data = data(record);
    LOG.debugf("%s for snapshot %s", operation, data.get("snapshot_id"));
    Timer.Sample started = Timer.start(metrics);
    String outcome = "failed";
    try {
      outcome = work.apply(data) == WorkOutcome.APPLIED ? "done" : "skipped";
    } catch (RuntimeException e) {
      metrics.counter("snapshots.worker.dead.letters", "operation", operation).increment();
      throw e;
    } finally {
      started.stop(
          metrics.timer("snapshots.worker.operations", "operation", operation, "outcome", outcome));
    }
  }

  private JsonNode data(ConsumerRecord<String, String> record) {
    try {
      return json.readTree(record.value());
    } catch (IOException e) {
      throw new UncheckedIOException("a record's data is not JSON", e);
    }
  }

  private static ServerId server(JsonNode data) {
    return new ServerId(required(data, "server_id").asLong());
  }

  private static SnapshotId snapshot(JsonNode data) {
    return new SnapshotId(required(data, "snapshot_id").asLong());
  }

  private static JsonNode required(JsonNode data, String field) {
    JsonNode value = data.get(field);
    if (value == null || !value.canConvertToLong()) {
      throw new IllegalArgumentException("a record's data lacks " + field);
    }
    return value;
  }
}
