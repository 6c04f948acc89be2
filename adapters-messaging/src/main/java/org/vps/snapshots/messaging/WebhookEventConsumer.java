package org.vps.snapshots.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.webhook.RecordWebhookDeliveries;
import org.vps.snapshots.domain.AccountId;

/**
 * Reads {@code snapshots.events} as group {@code snapshot-webhooks}, apart from every other reader,
 * and turns each event into deliveries for the endpoints that want it. The body is the event as a
 * CloudEvent in structured mode, built from the record's {@code ce_*} headers and its data. A
 * record that is not a readable event goes to the dead-letter topic; one whose deliveries could not
 * be stored (the database away) is tried again for a while before it does.
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
  public void consume(ConsumerRecord<String, String> kafka) throws InterruptedException {
    RecordWebhookDeliveries.Event event = event(kafka);
    for (int attempt = 1; ; attempt++) {
      try {
        record.execute(event);
        return;
      } catch (RuntimeException e) {
        if (attempt == TRIES) {
          throw e;
        }
        LOG.warnf(
            "Deliveries of event %s could not be stored (try %d of %d): %s",
            event.id(), attempt, TRIES, e.getMessage());
        Thread.sleep(250L << attempt);
      }
    }
  }

  /** The event as receivers get it; refuses a record that is not one. */
  RecordWebhookDeliveries.Event event(ConsumerRecord<String, String> kafka) {
    String type = CloudEventHeaders.read(kafka.headers(), CloudEventHeaders.TYPE);
    String id = CloudEventHeaders.read(kafka.headers(), CloudEventHeaders.ID);
    String time = CloudEventHeaders.read(kafka.headers(), "ce_time");
    if (type == null || id == null || time == null || kafka.value() == null) {
      throw new IllegalArgumentException("a record of snapshots.events without its CloudEvent");
    }
    JsonNode data;
    try {
      data = json.readTree(kafka.value());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("an event whose data is not JSON", e);
    }
    ObjectNode cloudEvent = json.createObjectNode();
    cloudEvent.put("specversion", "1.0");
    cloudEvent.put("id", id);
    cloudEvent.put("source", CloudEventHeaders.read(kafka.headers(), "ce_source"));
    cloudEvent.put("type", type);
    cloudEvent.put("subject", CloudEventHeaders.read(kafka.headers(), "ce_subject"));
    cloudEvent.put("time", time);
    cloudEvent.put("datacontenttype", "application/json");
    String version = CloudEventHeaders.read(kafka.headers(), "ce_dataschemaversion");
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
