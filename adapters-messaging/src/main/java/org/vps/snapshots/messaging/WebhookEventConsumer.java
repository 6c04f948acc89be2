package org.vps.snapshots.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * headers and its data. A record that is not a readable event goes to the dead-letter topic alone;
 * a batch whose deliveries could not be stored (the database away) is tried again for a while
 * before its records do. Each record is acknowledged or refused on its own, so that an unreadable
 * record goes to the dead-letter topic while the records beside it are acknowledged.
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

  /** The event as receivers get it; refuses (throws on) a record that is not one. */
  RecordWebhookDeliveries.Event event(Headers headers, String value) {
    String type = CloudEventHeaders.read(headers, CloudEventHeaders.TYPE);
    String id = CloudEventHeaders.read(headers, CloudEventHeaders.ID);
    String time = CloudEventHeaders.read(headers, "ce_time");
    if (type == null || id == null || time == null || value == null) {
      throw new IllegalArgumentException("a record of snapshots.events without its CloudEvent");
    }
    JsonNode data;
    try {
      data = json.readTree(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("an event whose data is not JSON", e);
    }
    ObjectNode cloudEvent = json.createObjectNode();
    cloudEvent.put("specversion", "1.0");
    cloudEvent.put("id", id);
    cloudEvent.put("source", CloudEventHeaders.read(headers, "ce_source"));
    cloudEvent.put("type", type);
    cloudEvent.put("subject", CloudEventHeaders.read(headers, "ce_subject"));
    cloudEvent.put("time", time);
    cloudEvent.put("datacontenttype", "application/json");
    String version = CloudEventHeaders.read(headers, "ce_dataschemaversion");
    if (version != null) {
      cloudEvent.put("dataschemaversion", version);
    }
    cloudEvent.set("data", data);
    return new RecordWebhookDeliveries.Event(
        new AccountId(data.path("account_id").asLong()),
        UUID.fromString(id),
        type,
        Instant.parse(time),
        cloudEvent.toString());
  }
}
