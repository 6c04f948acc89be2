package org.vps.snapshots.messaging;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.event.Notice;
import org.vps.snapshots.domain.event.RestoreCompleted;
import org.vps.snapshots.domain.event.RestoreFailed;
import org.vps.snapshots.domain.event.RestoreStarted;
import org.vps.snapshots.domain.event.SnapshotCompleted;
import org.vps.snapshots.domain.event.SnapshotCreated;
import org.vps.snapshots.domain.event.SnapshotDeleted;
import org.vps.snapshots.domain.event.SnapshotEvent;
import org.vps.snapshots.domain.event.SnapshotFailed;
import org.vps.snapshots.domain.event.SnapshotUpdated;
import org.vps.snapshots.domain.schedule.ScheduleRunSkipped;
import org.vps.snapshots.domain.schedule.ScheduleRunSucceeded;
import org.vps.snapshots.domain.webhook.WebhookEndpointDisabled;

/**
 * The public JSON data of each event (schema version 1): what subscribers of {@code
 * snapshots.events} may rely on. Fields are only ever added within a version.
 */
final class EventSchema {
  static final int VERSION = 1;

  private EventSchema() {}

  static ObjectNode data(SnapshotEvent event) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("schema_version", VERSION);
    data.put("event_id", event.eventId().toString());
    data.put("occurred_at", time(event.occurredAt()));
    data.put("account_id", event.accountId().value());
    data.put("server_id", event.serverId().value());
    data.put("snapshot_id", event.snapshotId().value());
    if (event.operationId() != null) {
      data.put("operation_id", event.operationId().value());
    }
    if (event instanceof SnapshotCreated created) {
      data.put("name", created.name());
      data.put("description", created.description());
      data.put("status", "in_progress");
      data.put("server_status", created.serverStatus());
      data.set("labels", labels(created.labels()));
      data.put("trigger", created.trigger());
      if (created.scheduleId() != null) {
        data.put("schedule_id", created.scheduleId().value());
      }
    } else if (event instanceof SnapshotUpdated updated) {
      data.put("name", updated.name());
      data.set("changes", changes(updated));
    } else if (event instanceof SnapshotCompleted completed) {
      data.put("name", completed.name());
      data.put("status", "completed");
      data.put("trigger", completed.trigger());
      data.put("size_mb", completed.sizeMb());
      if (completed.consistency() != null) {
        data.put("consistency", completed.consistency());
      }
    } else if (event instanceof SnapshotFailed failed) {
      data.put("name", failed.name());
      data.put("status", "failed");
      data.put("trigger", failed.trigger());
      data.put("reason", failed.reason());
    } else if (event instanceof SnapshotDeleted deleted) {
      data.put("name", deleted.name());
      data.put("last_status", deleted.lastStatus());
      data.put("trigger", deleted.trigger());
      if (deleted.rotatedBy() != null) {
        data.put("rotated_by_schedule_id", deleted.rotatedBy().value());
      }
    } else if (event instanceof RestoreStarted started) {
      data.put("snapshot_name", started.snapshotName());
      data.put("power_state_before", started.powerStateBefore());
      data.put("server_status", "restoring");
    } else if (event instanceof RestoreCompleted completed) {
      data.put("server_status", completed.serverStatus());
    } else if (event instanceof RestoreFailed failed) {
      data.put("reason", failed.reason());
      data.put("server_status", failed.serverStatus());
    }
    return data;
  }

  /** What an edit changed, each under the field's name in the snapshot's body, with its value. */
  private static ObjectNode changes(SnapshotUpdated updated) {
    ObjectNode changes = JsonNodeFactory.instance.objectNode();
    if (updated.newName() != null) {
      changes.put("name", updated.newName());
    }
    if (updated.newDescription() != null) {
      changes.put("description", updated.newDescription());
    }
    if (updated.newLabels() != null) {
      changes.set("labels", labels(updated.newLabels()));
    }
    if (updated.newDeleteProtected() != null) {
      changes.putObject("protection").put("delete", updated.newDeleteProtected());
    }
    return changes;
  }

  private static ObjectNode labels(Labels labels) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    labels.values().forEach(object::put);
    return object;
  }

  static ObjectNode data(Notice notice) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("schema_version", VERSION);
    data.put("event_id", notice.eventId().toString());
    data.put("occurred_at", time(notice.occurredAt()));
    data.put("account_id", notice.accountId().value());
    if (notice instanceof WebhookEndpointDisabled disabled) {
      data.put("webhook_id", disabled.webhookId().value());
      data.put("url", disabled.url());
      data.put("failing_since", time(disabled.failingSince()));
      data.put("reason", disabled.reason());
    } else if (notice instanceof ScheduleRunSucceeded run) {
      run(data, run.serverId(), run.scheduleId(), run.runId(), run.scheduledFor());
      data.put("snapshot_id", run.snapshotId().value());
      run.rotatedSnapshotIds().forEach(data.putArray("rotated_snapshot_ids")::add);
    } else if (notice instanceof ScheduleRunSkipped run) {
      run(data, run.serverId(), run.scheduleId(), run.runId(), run.scheduledFor());
      data.put("reason", run.reason());
      data.put("detail", run.detail());
    }
    return data;
  }

  private static void run(
      ObjectNode data, ServerId server, ScheduleId schedule, long run, Instant scheduledFor) {
    data.put("server_id", server.value());
    data.put("schedule_id", schedule.value());
    data.put("run_id", run);
    data.put("scheduled_for", time(scheduledFor));
  }

  /** The CloudEvents subject: the snapshot the event is about. */
  static String subject(SnapshotEvent event) {
    return "snapshots/" + event.snapshotId().value();
  }

  static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }
}
