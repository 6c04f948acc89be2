package org.vps.snapshots.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.event.Notice;
import org.vps.snapshots.domain.event.SnapshotEvent;

/** CloudEvents 1.0 in Kafka binary mode: attributes as {@code ce_*} headers, data as the value. */
final class CloudEventHeaders {
  static final String TYPE = "ce_type";
  static final String ID = "ce_id";

  private CloudEventHeaders() {}

  static Headers of(SnapshotEvent event, String source) {
    return of(
        event.eventId(), event.type(), event.occurredAt(), EventSchema.subject(event), source);
  }

  static Headers of(Notice notice, String source) {
    return of(notice.eventId(), notice.type(), notice.occurredAt(), notice.subject(), source);
  }

  private static Headers of(
      UUID id, EventType type, Instant occurredAt, String subject, String source) {
    RecordHeaders headers = new RecordHeaders();
    add(headers, "ce_specversion", "1.0");
    add(headers, ID, id.toString());
    add(headers, TYPE, type.wireName());
    add(headers, "ce_source", source);
    add(headers, "ce_time", EventSchema.time(occurredAt));
    add(headers, "ce_subject", subject);
    add(headers, "ce_dataschemaversion", Integer.toString(EventSchema.VERSION));
    add(headers, "content-type", "application/json");
    return headers;
  }

  static String read(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
