package org.vps.snapshots.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.vps.snapshots.application.port.SnapshotView;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.snapshot.Consistency;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.Snapshot;

/** The JSON shapes of the API, exactly as the public documentation shows them. */
final class Json {
  private Json() {}

  static final String SNAPSHOT_STARTED =
      "Snapshot is being created. This may take 3-10 minutes depending on server size.";
  static final String RESTORE_STARTED =
      "Server is being restored from snapshot. This may take 5-15 minutes.";

  /** UTC, RFC 3339, whole seconds, with Z. */
  static String time(Instant instant) {
    return instant == null
        ? null
        : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  record ServerRef(long id, String name) {}

  record SnapshotJson(
      long id,
      ServerRef server,
      String name,
      String status,
      @JsonProperty("size_mb") Long sizeMb,
      @JsonInclude(JsonInclude.Include.NON_NULL) String consistency,
      @JsonProperty("created_at") String createdAt,
      String description,
      int progress,
      @JsonProperty("completed_at") String completedAt,
      String error,
      Map<String, String> labels,
      ProtectionJson protection,
      String trigger,
      @JsonProperty("schedule_id") Long scheduleId,
      @JsonInclude(JsonInclude.Include.NON_NULL) String message,
      @JsonInclude(JsonInclude.Include.NON_NULL) OperationRef operation) {

    static SnapshotJson of(SnapshotView view) {
      return of(view, null, null);
    }

    static SnapshotJson of(SnapshotView view, String message, OperationRef operation) {
      Snapshot s = view.snapshot();
      return new SnapshotJson(
          s.id().value(),
          new ServerRef(s.serverId().value(), view.serverName().value()),
          s.name().value(),
          s.status().code(),
          s.sizeMb().isPresent() ? s.sizeMb().getAsLong() : null,
          s.consistency().map(Consistency::code).orElse(null),
          time(s.createdAt()),
          s.description().value(),
          s.progress(),
          s.status() == org.vps.snapshots.domain.snapshot.SnapshotStatus.COMPLETED
              ? time(s.finishedAt().orElse(null))
              : null,
          s.failureReason().orElse(null),
          s.labels().values(),
          new ProtectionJson(s.deleteProtected()),
          s.trigger().code(),
          s.scheduleId().map(org.vps.snapshots.domain.ScheduleId::value).orElse(null),
          message,
          operation);
    }
  }

  /** What a snapshot is protected from: {@code delete} refuses a customer's delete. */
  record ProtectionJson(boolean delete) {}

  /** The operation a create or restore started, for callers who follow it. */
  record OperationRef(long id, String kind, String status) {
    static OperationRef of(Operation operation) {
      return new OperationRef(
          operation.id().value(), operation.kind().code(), operation.state().code());
    }
  }

  /** A long-running operation as its owner sees it. */
  record OperationJson(
      long id,
      String kind,
      String status,
      int progress,
      @JsonProperty("server_id") long serverId,
      @JsonProperty("snapshot_id") long snapshotId,
      int attempt,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("started_at") String startedAt,
      @JsonProperty("finished_at") String finishedAt,
      String error) {
    static OperationJson of(Operation operation) {
      return new OperationJson(
          operation.id().value(),
          operation.kind().code(),
          operation.state().code(),
          operation.progress(),
          operation.serverId().value(),
          operation.snapshotId().value(),
          operation.attempt(),
          time(operation.createdAt()),
          time(operation.startedAt().orElse(null)),
          time(operation.finishedAt().orElse(null)),
          operation.error().orElse(null));
    }
  }

  record PageJson<T>(long count, String next, String previous, List<T> results) {}

  record ServerJson(long id, String name, String status) {
    static ServerJson of(Server server) {
      return new ServerJson(server.id().value(), server.name().value(), server.status().value());
    }
  }

  record RestoreJson(
      String status,
      String message,
      RestoredSnapshot snapshot,
      ServerJson server,
      OperationRef operation) {}

  record RestoredSnapshot(long id, String name, @JsonProperty("created_at") String createdAt) {}

  record AccountJson(long id, String name) {}

  record TokenJson(long id, String token, String scope) {}

  record AdminServerJson(
      long id,
      @JsonProperty("account_id") long accountId,
      String name,
      String status,
      String host) {
    static AdminServerJson of(Server server) {
      return new AdminServerJson(
          server.id().value(),
          server.accountId().value(),
          server.name().value(),
          server.status().value(),
          server.host().map(Host::value).orElse(null));
    }
  }

  /** An outbox message set aside as unreadable, as operators see it. */
  record QuarantinedJson(
      long position,
      String type,
      @JsonProperty("server_id") String serverId,
      @JsonProperty("occurred_at") String occurredAt,
      String reason,
      @JsonProperty("quarantined_at") String quarantinedAt) {
    static QuarantinedJson of(org.vps.snapshots.application.port.Outbox.Quarantined message) {
      return new QuarantinedJson(
          message.position(),
          message.type(),
          message.key(),
          time(message.occurredAt()),
          message.reason(),
          time(message.since()));
    }
  }
}
