package org.vps.snapshots.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.vps.snapshots.application.SnapshotView;
import org.vps.snapshots.domain.Server;
import org.vps.snapshots.domain.Snapshot;

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
      @JsonProperty("created_at") String createdAt,
      String description,
      int progress,
      @JsonProperty("completed_at") String completedAt,
      String error,
      @JsonInclude(JsonInclude.Include.NON_NULL) String message) {

    static SnapshotJson of(SnapshotView view) {
      return of(view, null);
    }

    static SnapshotJson of(SnapshotView view, String message) {
      Snapshot s = view.snapshot();
      return new SnapshotJson(
          s.id().value(),
          new ServerRef(s.serverId().value(), view.serverName().value()),
          s.name().value(),
          s.status().code(),
          s.sizeMb().isPresent() ? s.sizeMb().getAsLong() : null,
          time(s.createdAt()),
          s.description().value(),
          s.progress(),
          s.status() == org.vps.snapshots.domain.SnapshotStatus.COMPLETED
              ? time(s.finishedAt().orElse(null))
              : null,
          s.failureReason().orElse(null),
          message);
    }
  }

  record PageJson<T>(long count, String next, String previous, List<T> results) {}

  record ServerJson(long id, String name, String status) {
    static ServerJson of(Server server) {
      return new ServerJson(server.id().value(), server.name().value(), server.status().value());
    }
  }

  record RestoreJson(String status, String message, RestoredSnapshot snapshot, ServerJson server) {}

  record RestoredSnapshot(long id, String name, @JsonProperty("created_at") String createdAt) {}

  record AccountJson(long id, String name) {}

  record TokenJson(long id, String token, String scope) {}

  record AdminServerJson(
      long id, @JsonProperty("account_id") long accountId, String name, String status) {
    static AdminServerJson of(Server server) {
      return new AdminServerJson(
          server.id().value(),
          server.accountId().value(),
          server.name().value(),
          server.status().value());
    }
  }
}
