package org.vps.snapshots.messaging;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.event.RestoreCompleted;
import org.vps.snapshots.domain.event.RestoreFailed;
import org.vps.snapshots.domain.event.RestoreStarted;
import org.vps.snapshots.domain.event.SnapshotCompleted;
import org.vps.snapshots.domain.event.SnapshotCreated;
import org.vps.snapshots.domain.event.SnapshotDeleted;
import org.vps.snapshots.domain.event.SnapshotEvent;
import org.vps.snapshots.domain.event.SnapshotFailed;
import org.vps.snapshots.domain.event.SnapshotUpdated;
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
    } else if (event instanceof SnapshotUpdated updated) {
      data.put("name", updated.name());
      data.set("changes", changes(updated));
    } else if (event instanceof SnapshotCompleted completed) {
      data.put("name", completed.name());
      data.put("status", "completed");
      data.put("size_mb", completed.sizeMb());
      if (completed.consistency() != null) {
        data.put("consistency", completed.consistency());
      }
    } else if (event instanceof SnapshotFailed failed) {
      data.put("name", failed.name());
      data.put("status", "failed");
      data.put("reason", failed.reason());
    } else if (event instanceof SnapshotDeleted deleted) {
      data.put("name", deleted.name());
      data.put("last_status", deleted.lastStatus());
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

  static ObjectNode data(WebhookEndpointDisabled notice) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("schema_version", VERSION);
    data.put("event_id", notice.eventId().toString());
    data.put("occurred_at", time(notice.occurredAt()));
    data.put("account_id", notice.accountId().value());
    data.put("webhook_id", notice.webhookId().value());
    data.put("url", notice.url());
    data.put("failing_since", time(notice.failingSince()));
    data.put("reason", notice.reason());
    return data;
  }

  /** The CloudEvents subject of a webhook notice: the endpoint. */
  static String subject(WebhookEndpointDisabled notice) {
    return "webhooks/" + notice.webhookId().value();
  }

  /** The CloudEvents subject: the snapshot the event is about. */
  static String subject(SnapshotEvent event) {
    return "snapshots/" + event.snapshotId().value();
  }

  static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }
}
