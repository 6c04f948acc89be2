package org.vps.snapshots.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.fake.SampleEvents;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.event.SnapshotEvent;
import org.vps.snapshots.domain.webhook.WebhookEndpointDisabled;

/** The public shape of each event: what subscribers of snapshots.events rely on. */
class EventSchemaTest {
  private static final Set<String> COMMON =
      Set.of("schema_version", "event_id", "occurred_at", "account_id", "server_id", "snapshot_id");

  private static final Map<EventType, Set<String>> OWN =
      Map.of(
          EventType.SNAPSHOT_CREATED,
              Set.of(
                  "operation_id",
                  "name",
                  "description",
                  "status",
                  "server_status",
                  "labels",
                  "trigger",
                  "schedule_id"),
          EventType.SNAPSHOT_UPDATED, Set.of("name", "changes"),
          EventType.SNAPSHOT_COMPLETED,
              Set.of("operation_id", "name", "status", "size_mb", "consistency", "trigger"),
          EventType.SNAPSHOT_FAILED, Set.of("operation_id", "name", "status", "reason", "trigger"),
          EventType.SNAPSHOT_DELETED,
              Set.of("operation_id", "name", "last_status", "rotated_by_schedule_id", "trigger"),
          EventType.RESTORE_STARTED,
              Set.of("operation_id", "snapshot_name", "power_state_before", "server_status"),
          EventType.RESTORE_COMPLETED, Set.of("operation_id", "server_status"),
          EventType.RESTORE_FAILED, Set.of("operation_id", "reason", "server_status"));

  @Test
  void everyTypeCarriesTheCommonFieldsAndItsOwnAndNothingElse() {
    List<SnapshotEvent> events = SampleEvents.everyType();
    assertThat(events)
        .extracting(SnapshotEvent::type)
        .containsExactlyInAnyOrderElementsOf(
            EnumSet.complementOf(
                EnumSet.of(
                    EventType.WEBHOOK_ENDPOINT_DISABLED,
                    EventType.SCHEDULE_RUN_SUCCEEDED,
                    EventType.SCHEDULE_RUN_SKIPPED)));

    for (SnapshotEvent event : events) {
      ObjectNode data = EventSchema.data(event);
      Set<String> fields = new HashSet<>();
      data.fieldNames().forEachRemaining(fields::add);
      Set<String> expected = new HashSet<>(COMMON);
      expected.addAll(OWN.get(event.type()));

      assertThat(fields).as("%s", event.type()).isEqualTo(expected);
      assertThat(data.get("schema_version").intValue()).isEqualTo(1);
      assertThat(data.get("event_id").textValue()).isEqualTo(event.eventId().toString());
      assertThat(data.get("server_id").longValue()).isEqualTo(12345);
      if (event.operationId() != null) {
        assertThat(data.get("operation_id").longValue()).isEqualTo(31);
      }
      // Milliseconds, in UTC: the same instant every subscriber's parser reads alike.
      assertThat(data.get("occurred_at").textValue()).isEqualTo("2025-01-16T16:15:00.123Z");
    }
  }

  @Test
  void aDisabledEndpointIsToldWithItsAccountItsUrlAndWhy() {
    WebhookEndpointDisabled notice =
        new WebhookEndpointDisabled(
            UUID.fromString("00000000-0000-0000-0000-000000000042"),
            java.time.Instant.parse("2025-01-16T16:15:00.123Z"),
            new org.vps.snapshots.domain.AccountId(7),
            new org.vps.snapshots.domain.webhook.WebhookId(9),
            "https://hooks.example.com/in",
            java.time.Instant.parse("2025-01-15T16:15:00Z"),
            "Every delivery failed for 24 h.");

    ObjectNode data = EventSchema.data(notice);

    Set<String> fields = new HashSet<>();
    data.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "schema_version",
            "event_id",
            "occurred_at",
            "account_id",
            "webhook_id",
            "url",
            "failing_since",
            "reason");
    assertThat(data.get("account_id").longValue()).isEqualTo(7);
    assertThat(data.get("failing_since").textValue()).isEqualTo("2025-01-15T16:15:00Z");
    assertThat(notice.subject()).isEqualTo("webhooks/9");
  }

  @Test
  void aScheduleRunTellsItsScheduleTickAndOutcome() {
    var run =
        new org.vps.snapshots.domain.schedule.ScheduleRun(
            41,
            new org.vps.snapshots.domain.ScheduleId(4),
            new org.vps.snapshots.domain.AccountId(7),
            new org.vps.snapshots.domain.ServerId(12345),
            java.time.Instant.parse("2025-01-17T03:00:00Z"),
            java.time.Instant.parse("2025-01-17T03:00:02Z"),
            org.vps.snapshots.domain.schedule.RunOutcome.SUCCEEDED,
            new org.vps.snapshots.domain.SnapshotId(803),
            List.of(new org.vps.snapshots.domain.SnapshotId(798)),
            null,
            null);

    ObjectNode data = EventSchema.data(run.event());

    assertThat(data.toString())
        .contains(
            "\"server_id\":12345,\"schedule_id\":4,\"run_id\":41,"
                + "\"scheduled_for\":\"2025-01-17T03:00:00Z\",\"snapshot_id\":803,"
                + "\"rotated_snapshot_ids\":[798]");
    assertThat(run.event().type()).isEqualTo(EventType.SCHEDULE_RUN_SUCCEEDED);
    assertThat(run.event().subject()).isEqualTo("schedules/4");
  }

  @Test
  void statusesAreTheOnesTheApiShows() {
    Map<EventType, String> statuses = new HashMap<>();
    for (SnapshotEvent event : SampleEvents.everyType()) {
      ObjectNode data = EventSchema.data(event);
      if (data.has("status")) {
        statuses.put(event.type(), data.get("status").textValue());
      }
    }

    assertThat(statuses)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                EventType.SNAPSHOT_CREATED, "in_progress",
                EventType.SNAPSHOT_COMPLETED, "completed",
                EventType.SNAPSHOT_FAILED, "failed"));
  }

  @Test
  void theCloudEventsHeadersNameTheEventItsSnapshotAndTheSchemaVersion() {
    for (SnapshotEvent event : SampleEvents.everyType()) {
      Headers headers = CloudEventHeaders.of(event, "/vps/snapshots");
      Map<String, String> all =
          StreamSupport.stream(headers.spliterator(), false)
              .collect(
                  Collectors.toMap(
                      h -> h.key(), h -> new String(h.value(), StandardCharsets.UTF_8)));

      assertThat(all)
          .containsEntry("ce_specversion", "1.0")
          .containsEntry("ce_id", event.eventId().toString())
          .containsEntry("ce_type", event.type().wireName())
          .containsEntry("ce_source", "/vps/snapshots")
          .containsEntry("ce_subject", "snapshots/802")
          .containsEntry("ce_time", "2025-01-16T16:15:00.123Z")
          .containsEntry("ce_dataschemaversion", "1")
          .containsEntry("content-type", "application/json");
    }
  }

  @Test
  void anEditTellsWhatChangedUnderTheBodysFieldNamesAndNothingElse() {
    SnapshotEvent updated =
        SampleEvents.everyType().stream()
            .filter(e -> e.type() == EventType.SNAPSHOT_UPDATED)
            .findFirst()
            .orElseThrow();

    ObjectNode data = EventSchema.data(updated);

    assertThat(data.get("name").textValue()).isEqualTo("after-update");
    assertThat(data.get("changes").toString())
        .isEqualTo(
            "{\"name\":\"after-update\",\"labels\":{\"env\":\"\"},\"protection\":{\"delete\":true}}");
  }

  @Test
  void aCreatedSnapshotCarriesItsLabels() {
    SnapshotEvent created =
        SampleEvents.everyType().stream()
            .filter(e -> e.type() == EventType.SNAPSHOT_CREATED)
            .findFirst()
            .orElseThrow();

    assertThat(EventSchema.data(created).get("labels").toString())
        .isEqualTo("{\"env\":\"prod\",\"example.com/tier\":\"web\"}");
  }
}
