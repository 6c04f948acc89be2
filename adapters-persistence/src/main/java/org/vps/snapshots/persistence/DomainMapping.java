package org.vps.snapshots.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.operation.OperationState;
import org.vps.snapshots.domain.schedule.Recurrence;
import org.vps.snapshots.domain.schedule.Schedule;
import org.vps.snapshots.domain.snapshot.Consistency;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerName;
import org.vps.snapshots.domain.snapshot.ServerStatus;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotName;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;
import org.vps.snapshots.domain.webhook.DeliveryId;
import org.vps.snapshots.domain.webhook.DeliveryStatus;
import org.vps.snapshots.domain.webhook.WebhookDelivery;
import org.vps.snapshots.domain.webhook.WebhookEndpoint;
import org.vps.snapshots.domain.webhook.WebhookId;
import org.vps.snapshots.domain.webhook.WebhookSecret;
import org.vps.snapshots.domain.webhook.WebhookUrl;

/** Copies between rows and aggregates, both ways; nothing else crosses the adapter's edge. */
final class DomainMapping {
  static final Columns SERVERS =
      new Columns(
          "servers",
          "id",
          "account_id",
          "name",
          "status",
          "power_state_before_restore",
          "restoring_from",
          "restore_started_at",
          "host");

  static final Columns SNAPSHOTS =
      new Columns(
          "snapshots",
          "id",
          "account_id",
          "server_id",
          "name",
          "description",
          "status",
          "size_mb",
          "progress",
          "failure_reason",
          "created_at",
          "finished_at",
          "consistency",
          "labels",
          "delete_protected",
          "schedule_id");

  static final Columns OPERATIONS =
      new Columns(
          "operations",
          "id",
          "kind",
          "account_id",
          "server_id",
          "snapshot_id",
          "state",
          "attempt",
          "progress",
          "error",
          "created_at",
          "deadline",
          "queued_at",
          "started_at",
          "finished_at",
          "lease_owner",
          "lease_expires_at",
          "fence",
          "stop_request",
          "disk_written",
          "host");

  static final Columns WEBHOOK_ENDPOINTS =
      new Columns(
          "webhook_endpoints",
          "id",
          "account_id",
          "url",
          "events",
          "description",
          "enabled",
          "secret",
          "previous_secret",
          "previous_secret_until",
          "failing_since",
          "disabled_reason",
          "created_at");

  static final Columns WEBHOOK_DELIVERIES =
      new Columns(
          "webhook_deliveries",
          "id",
          "endpoint_id",
          "account_id",
          "event_id",
          "event_type",
          "body",
          "event_at",
          "created_at",
          "status",
          "attempts",
          "next_attempt_at",
          "last_attempt_at",
          "last_status_code",
          "last_duration_ms",
          "last_error");

  private DomainMapping() {}

  static WebhookEndpoint toWebhookEndpoint(ResultSet row) throws SQLException {
    Set<EventType> events = EnumSet.noneOf(EventType.class);
    for (Object name : (Object[]) row.getArray("events").getArray()) {
      // A type a newer version wrote and this one does not know is left out, not fatal.
      EventType.fromWireName((String) name).ifPresent(events::add);
    }
    String previous = row.getString("previous_secret");
    return WebhookEndpoint.fromStorage(
        new WebhookId(row.getLong("id")),
        new AccountId(row.getLong("account_id")),
        new WebhookUrl(row.getString("url")),
        events,
        new Description(row.getString("description")),
        row.getBoolean("enabled"),
        new WebhookSecret(row.getString("secret")),
        previous == null ? null : new WebhookSecret(previous),
        Jdbc.instant(row, "previous_secret_until"),
        Jdbc.instant(row, "failing_since"),
        row.getString("disabled_reason"),
        Jdbc.instant(row, "created_at"));
  }

  static void bind(WebhookEndpoint endpoint, PreparedStatement row) throws SQLException {
    row.setLong(1, endpoint.id().value());
    row.setLong(2, endpoint.accountId().value());
    row.setString(3, endpoint.url().value());
    row.setArray(
        4,
        row.getConnection()
            .createArrayOf("text", endpoint.events().stream().map(EventType::wireName).toArray()));
    row.setString(5, endpoint.description().value());
    row.setBoolean(6, endpoint.enabled());
    row.setString(7, endpoint.secret().value());
    row.setString(8, endpoint.previousSecret().map(WebhookSecret::value).orElse(null));
    Jdbc.setInstant(row, 9, endpoint.previousSecretUntil().orElse(null));
    Jdbc.setInstant(row, 10, endpoint.failingSince().orElse(null));
    row.setString(11, endpoint.disabledReason().orElse(null));
    Jdbc.setInstant(row, 12, endpoint.createdAt());
  }

  static WebhookDelivery toWebhookDelivery(ResultSet row) throws SQLException {
    Long statusCode = Jdbc.longOrNull(row, "last_status_code");
    return WebhookDelivery.fromStorage(
        new DeliveryId(row.getLong("id")),
        new WebhookId(row.getLong("endpoint_id")),
        new AccountId(row.getLong("account_id")),
        row.getObject("event_id", UUID.class),
        row.getString("event_type"),
        row.getString("body"),
        Jdbc.instant(row, "event_at"),
        Jdbc.instant(row, "created_at"),
        DeliveryStatus.fromCode(row.getString("status")).orElseThrow(),
        row.getInt("attempts"),
        Jdbc.instant(row, "next_attempt_at"),
        Jdbc.instant(row, "last_attempt_at"),
        statusCode == null ? null : statusCode.intValue(),
        Jdbc.longOrNull(row, "last_duration_ms"),
        row.getString("last_error"));
  }

  static void bind(WebhookDelivery delivery, PreparedStatement row) throws SQLException {
    row.setLong(1, delivery.id().value());
    row.setLong(2, delivery.endpointId().value());
    row.setLong(3, delivery.accountId().value());
    row.setObject(4, delivery.eventId());
    row.setString(5, delivery.eventType());
    row.setString(6, delivery.body());
    Jdbc.setInstant(row, 7, delivery.eventAt());
    Jdbc.setInstant(row, 8, delivery.createdAt());
    row.setString(9, delivery.status().code());
    row.setInt(10, delivery.attempts());
    Jdbc.setInstant(row, 11, delivery.nextAttemptAt().orElse(null));
    Jdbc.setInstant(row, 12, delivery.lastAttemptAt().orElse(null));
    Jdbc.setLong(row, 13, delivery.lastStatusCode().map(Integer::longValue).orElse(null));
    Jdbc.setLong(row, 14, delivery.lastDurationMs().orElse(null));
    row.setString(15, delivery.lastError().orElse(null));
  }

  static Server toServer(ResultSet row) throws SQLException {
    String powerBefore = row.getString("power_state_before_restore");
    Long restoringFrom = Jdbc.longOrNull(row, "restoring_from");
    return Server.fromStorage(
        new ServerId(row.getLong("id")),
        new AccountId(row.getLong("account_id")),
        new ServerName(row.getString("name")),
        new ServerStatus(row.getString("status")),
        host(row),
        powerBefore == null ? null : new ServerStatus(powerBefore),
        restoringFrom == null ? null : new SnapshotId(restoringFrom),
        Jdbc.instant(row, "restore_started_at"));
  }

  static Snapshot toSnapshot(ResultSet row) throws SQLException {
    return Snapshot.fromStorage(
        new SnapshotId(row.getLong("id")),
        new AccountId(row.getLong("account_id")),
        new ServerId(row.getLong("server_id")),
        new SnapshotName(row.getString("name")),
        new Description(row.getString("description")),
        Jdbc.instant(row, "created_at"),
        SnapshotStatus.fromCode(row.getString("status"))
            .orElseThrow(() -> new IllegalStateException("unknown snapshot status in storage")),
        Jdbc.longOrNull(row, "size_mb"),
        Optional.ofNullable(row.getString("consistency"))
            .map(
                code ->
                    Consistency.fromCode(code)
                        .orElseThrow(
                            () -> new IllegalStateException("unknown consistency in storage")))
            .orElse(null),
        row.getInt("progress"),
        row.getString("failure_reason"),
        Jdbc.instant(row, "finished_at"),
        labels(row.getString("labels")),
        row.getBoolean("delete_protected"),
        Optional.ofNullable(Jdbc.longOrNull(row, "schedule_id")).map(ScheduleId::new).orElse(null));
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  /** Labels as stored: a flat JSON object of strings. */
  static Labels labels(String json) throws SQLException {
    try {
      return new Labels(JSON.readValue(json, LABELS));
    } catch (JsonProcessingException e) {
      throw new SQLException("stored labels are not a JSON object of strings", e);
    }
  }

  /** Labels as they are stored, or as a selector's containment value. */
  static String json(Map<String, String> labels) {
    try {
      return JSON.writeValueAsString(labels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("labels could not be written as JSON", e);
    }
  }

  static Operation toOperation(ResultSet row) throws SQLException {
    String stopRequest = row.getString("stop_request");
    long accountId = row.getLong("account_id");
    AccountId account = row.wasNull() ? null : new AccountId(accountId);
    return Operation.fromStorage(
        new Operation.Stored(
            new OperationId(row.getLong("id")),
            OperationKind.fromCode(row.getString("kind"))
                .orElseThrow(() -> new IllegalStateException("unknown operation kind in storage")),
            account,
            new ServerId(row.getLong("server_id")),
            new SnapshotId(row.getLong("snapshot_id")),
            Jdbc.instant(row, "created_at"),
            Jdbc.instant(row, "deadline"),
            OperationState.fromCode(row.getString("state"))
                .orElseThrow(() -> new IllegalStateException("unknown operation state in storage")),
            row.getInt("attempt"),
            row.getInt("progress"),
            row.getString("error"),
            Jdbc.instant(row, "queued_at"),
            Jdbc.instant(row, "started_at"),
            Jdbc.instant(row, "finished_at"),
            row.getString("lease_owner"),
            Jdbc.instant(row, "lease_expires_at"),
            row.getLong("fence"),
            stopRequest == null
                ? null
                : Operation.StopRequest.fromCode(stopRequest)
                    .orElseThrow(() -> new IllegalStateException("unknown stop request")),
            row.getBoolean("disk_written"),
            host(row)));
  }

  private static Host host(ResultSet row) throws SQLException {
    String host = row.getString("host");
    return host == null ? null : new Host(host);
  }

  /** Binds a server to the parameters of {@link #SERVERS}, in their order. */
  static void bind(Server server, PreparedStatement row) throws SQLException {
    row.setLong(1, server.id().value());
    row.setLong(2, server.accountId().value());
    row.setString(3, server.name().value());
    row.setString(4, server.status().value());
    row.setString(5, server.powerStateBeforeRestore().map(ServerStatus::value).orElse(null));
    Jdbc.setLong(row, 6, server.restoringFrom().map(SnapshotId::value).orElse(null));
    Jdbc.setInstant(row, 7, server.restoreStartedAt().orElse(null));
    row.setString(8, server.host().map(Host::value).orElse(null));
  }

  /** Binds a snapshot to the parameters of {@link #SNAPSHOTS}, in their order. */
  static void bind(Snapshot snapshot, PreparedStatement row) throws SQLException {
    bind(snapshot, row, 0);
  }

  /** As {@link #bind(Snapshot, PreparedStatement)}, {@code at} parameters further on. */
  static void bind(Snapshot snapshot, PreparedStatement row, int at) throws SQLException {
    row.setLong(at + 1, snapshot.id().value());
    row.setLong(at + 2, snapshot.accountId().value());
    row.setLong(at + 3, snapshot.serverId().value());
    row.setString(at + 4, snapshot.name().value());
    row.setString(at + 5, snapshot.description().value());
    row.setString(at + 6, snapshot.status().code());
    Jdbc.setLong(row, at + 7, snapshot.sizeMb().isPresent() ? snapshot.sizeMb().getAsLong() : null);
    row.setShort(at + 8, (short) snapshot.progress());
    row.setString(at + 9, snapshot.failureReason().orElse(null));
    Jdbc.setInstant(row, at + 10, snapshot.createdAt());
    Jdbc.setInstant(row, at + 11, snapshot.finishedAt().orElse(null));
    row.setString(at + 12, snapshot.consistency().map(Consistency::code).orElse(null));
    row.setObject(at + 13, json(snapshot.labels().values()), Types.OTHER);
    row.setBoolean(at + 14, snapshot.deleteProtected());
    Jdbc.setLong(row, at + 15, snapshot.scheduleId().map(ScheduleId::value).orElse(null));
  }

  /** Binds an operation to the parameters of {@link #OPERATIONS}, in their order. */
  static void bind(Operation operation, PreparedStatement row) throws SQLException {
    bind(operation, row, 0);
  }

  /** As {@link #bind(Operation, PreparedStatement)}, {@code at} parameters further on. */
  static void bind(Operation operation, PreparedStatement row, int at) throws SQLException {
    Operation.Stored stored = operation.stored();
    row.setLong(at + 1, stored.id().value());
    row.setString(at + 2, stored.kind().code());
    Jdbc.setLong(row, at + 3, stored.accountId() == null ? null : stored.accountId().value());
    row.setLong(at + 4, stored.serverId().value());
    row.setLong(at + 5, stored.snapshotId().value());
    row.setString(at + 6, stored.state().code());
    row.setInt(at + 7, stored.attempt());
    row.setShort(at + 8, (short) stored.progress());
    row.setString(at + 9, stored.error());
    Jdbc.setInstant(row, at + 10, stored.createdAt());
    Jdbc.setInstant(row, at + 11, stored.deadline());
    Jdbc.setInstant(row, at + 12, stored.queuedAt());
    Jdbc.setInstant(row, at + 13, stored.startedAt());
    Jdbc.setInstant(row, at + 14, stored.finishedAt());
    row.setString(at + 15, stored.leaseOwner());
    Jdbc.setInstant(row, at + 16, stored.leaseExpiresAt());
    row.setLong(at + 17, stored.fence());
    row.setString(at + 18, stored.stopRequest() == null ? null : stored.stopRequest().code());
    row.setBoolean(at + 19, stored.diskWritten());
    row.setString(at + 20, stored.host() == null ? null : stored.host().value());
  }

  /** Binds a schedule to the parameters of the schedules table, in its columns' order. */
  static void bind(Schedule schedule, PreparedStatement row) throws SQLException {
    Recurrence recurrence = schedule.recurrence();
    row.setLong(1, schedule.id().value());
    row.setLong(2, schedule.accountId().value());
    row.setLong(3, schedule.serverId().value());
    row.setString(4, schedule.namePrefix());
    row.setString(5, recurrence.every().code());
    row.setShort(6, (short) (recurrence.at().toSecondOfDay() / 60));
    if (recurrence.weekday() == null) {
      row.setNull(7, Types.SMALLINT);
    } else {
      row.setShort(7, (short) recurrence.weekday().getValue());
    }
    row.setShort(8, (short) schedule.keep());
    row.setBoolean(9, schedule.enabled());
    row.setObject(10, json(schedule.labels().values()), Types.OTHER);
    Jdbc.setInstant(row, 11, schedule.createdAt());
    Jdbc.setInstant(row, 12, schedule.nextRunAt());
    Jdbc.setInstant(row, 13, schedule.pendingTick().orElse(null));
  }

  static Schedule toSchedule(ResultSet row) throws SQLException {
    Number weekday = (Number) row.getObject("weekday");
    return Schedule.fromStorage(
        new ScheduleId(row.getLong("id")),
        new AccountId(row.getLong("account_id")),
        new ServerId(row.getLong("server_id")),
        Jdbc.instant(row, "created_at"),
        row.getString("name_prefix"),
        new Recurrence(
            Recurrence.Every.fromCode(row.getString("every"))
                .orElseThrow(() -> new IllegalStateException("unknown recurrence in storage")),
            LocalTime.ofSecondOfDay(row.getInt("at_minute") * 60L),
            weekday == null ? null : DayOfWeek.of(weekday.intValue())),
        row.getInt("keep"),
        row.getBoolean("enabled"),
        labels(row.getString("labels")),
        Jdbc.instant(row, "next_run_at"),
        Jdbc.instant(row, "pending_tick"));
  }
}
