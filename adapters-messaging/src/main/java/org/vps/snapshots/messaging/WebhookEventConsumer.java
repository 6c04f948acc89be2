package org.vps.snapshots.messaging;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.webhook.RecordWebhookDeliveries;
import org.vps.snapshots.domain.AccountId;

/**
 * Reads {@code snapshots.events} as group {@code snapshot-webhooks}, apart from every other reader,
 * in batches of what one poll returned, and turns each event into deliveries for the endpoints that
 * want it: one transaction a batch, which reads the endpoints of the batch's accounts once. The
 * body is the event as a CloudEvent in structured mode, built from the record's {@code ce_*}
 * headers and its data, for the events that have a delivery only. A batch read and stored whole is
 * acknowledged by its last record of each partition. A record that is not a readable event goes to
 * the dead-letter topic alone; a batch whose deliveries could not be stored (the database away) is
 * tried again for a while before its records do. A batch with either is settled record by record,
 * so that an unreadable record goes to the dead-letter topic while the records beside it are
 * acknowledged.
 */
@ApplicationScoped
public class WebhookEventConsumer {
  private static final Logger LOG = Logger.getLogger(WebhookEventConsumer.class);
  private static final int TRIES = 8;

  private final RecordWebhookDeliveries record;
  private final ObjectMapper json;

  @Inject
  public WebhookEventConsumer(RecordWebhookDeliveries record, ObjectMapper json) {
    this.record = record;
    this.json = json;
  }

  @Incoming("webhook-events")
  @Blocking
  public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch)
      throws InterruptedException {
    List<KafkaRecord<String, String>> readable = new ArrayList<>();
    List<RecordWebhookDeliveries.Event> events = new ArrayList<>();
    List<CompletableFuture<Void>> settled = new ArrayList<>();
    for (KafkaRecord<String, String> kafka : batch) {
      try {
        events.add(event(kafka.getHeaders(), kafka.getPayload()));
        readable.add(kafka);
      } catch (RuntimeException e) {
        settled.add(kafka.nack(e).toCompletableFuture());
      }
    }
    RuntimeException failure = store(events);
    if (failure == null && settled.isEmpty()) {
      // The batch's last record of each partition, which is what the commits follow.
      return batch.ack();
    }
    for (KafkaRecord<String, String> kafka : readable) {
      settled.add((failure == null ? kafka.ack() : kafka.nack(failure)).toCompletableFuture());
    }
    return CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new));
  }

  /** Stores the deliveries of the events, trying again for a while; answers the last failure. */
  private RuntimeException store(List<RecordWebhookDeliveries.Event> events)
      throws InterruptedException {
    if (events.isEmpty()) {
      return null;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        record.executeAll(events);
        return null;
      } catch (RuntimeException e) {
        if (attempt == TRIES) {
          return e;
        }
        LOG.warnf(
            "Deliveries of %d events could not be stored (try %d of %d): %s",
            events.size(), attempt, TRIES, e.getMessage());
        Thread.sleep(250L << attempt);
      }
    }
  }

  /**
   * The event as receivers get it; refuses (throws on) a record that is not one. Its data is read
   * once, token by token, for its account; the structured CloudEvent is written only for an event
   * some endpoint wants, around the data as it came.
   */
  RecordWebhookDeliveries.Event event(Headers headers, String value) {
    String type = CloudEventHeaders.read(headers, CloudEventHeaders.TYPE);
    String id = CloudEventHeaders.read(headers, CloudEventHeaders.ID);
    String time = CloudEventHeaders.read(headers, "ce_time");
    if (type == null || id == null || time == null || value == null) {
      throw new IllegalArgumentException("a record of snapshots.events without its CloudEvent");
    }
    return new RecordWebhookDeliveries.Event(
        new AccountId(accountOf(value)),
        UUID.fromString(id),
        type,
        Instant.parse(time),
        new CloudEventBody(headers, id, type, time, value));
  }

  /** {@code account_id} of the data, which must be one JSON object; 0 when it has none. */
  private long accountOf(String data) {
    try (JsonParser parser = json.getFactory().createParser(data)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("an event whose data is not a JSON object");
      }
      long account = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if ("account_id".equals(field)) {
          account = parser.getValueAsLong(0);
        }
        parser.skipChildren();
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("an event whose data goes on after its JSON object");
      }
      return account;
    } catch (IOException e) {
      throw new IllegalArgumentException("an event whose data is not JSON", e);
    }
  }

  /** The CloudEvent in structured mode, written when first asked for and kept. */
  private final class CloudEventBody implements Supplier<String> {
    private final Headers headers;
    private final String id;
    private final String type;
    private final String time;
    private final String data;
    private String written;

    CloudEventBody(Headers headers, String id, String type, String time, String data) {
      this.headers = headers;
      this.id = id;
      this.type = type;
      this.time = time;
      this.data = data;
    }

    @Override
    public String get() {
      if (written == null) {
        written = write();
      }
      return written;
    }

    private String write() {
      StringWriter body = new StringWriter(data.length() + 320);
      try (JsonGenerator out = json.getFactory().createGenerator(body)) {
        out.writeStartObject();
        out.writeStringField("specversion", "1.0");
        out.writeStringField("id", id);
        out.writeStringField("source", CloudEventHeaders.read(headers, "ce_source"));
        out.writeStringField("type", type);
        out.writeStringField("subject", CloudEventHeaders.read(headers, "ce_subject"));
        out.writeStringField("time", time);
        out.writeStringField("datacontenttype", "application/json");
        String version = CloudEventHeaders.read(headers, "ce_dataschemaversion");
        if (version != null) {
          out.writeStringField("dataschemaversion", version);
        }
        out.writeFieldName("data");
        out.writeRawValue(data);
        out.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException("a CloudEvent could not be written", e);
      }
      return body.toString();
    }
  }
}
