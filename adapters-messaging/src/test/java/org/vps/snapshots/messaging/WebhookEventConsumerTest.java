package org.vps.snapshots.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vps.snapshots.application.fake.SampleEvents;
import org.vps.snapshots.application.webhook.RecordWebhookDeliveries;
import org.vps.snapshots.domain.event.SnapshotEvent;

/** A record of snapshots.events read as a webhook's event: its account, its body, its refusals. */
class WebhookEventConsumerTest {
  private final ObjectMapper json = new ObjectMapper();
  private final WebhookEventConsumer consumer = new WebhookEventConsumer(null, json);
  private final SnapshotEvent published = SampleEvents.everyType().get(0);
  private final Headers headers = CloudEventHeaders.of(published, "/vps/snapshots");

  @Test
  void theBodyIsTheCloudEventInStructuredModeAroundTheDataAsPublished() throws Exception {
    String data = EventSchema.data(published).toString();

    RecordWebhookDeliveries.Event event = consumer.event(headers, data);

    assertThat(event.account()).isEqualTo(published.accountId());
    assertThat(event.id()).isEqualTo(published.eventId());
    assertThat(event.type()).isEqualTo("SnapshotCreated");
    assertThat(event.occurredAt()).isEqualTo("2025-01-16T16:15:00.123Z");
    String body = event.body().get();
    assertThat(body)
        .isEqualTo(
            "{\"specversion\":\"1.0\",\"id\":\""
                + published.eventId()
                + "\",\"source\":\"/vps/snapshots\",\"type\":\"SnapshotCreated\","
                + "\"subject\":\"snapshots/802\",\"time\":\"2025-01-16T16:15:00.123Z\","
                + "\"datacontenttype\":\"application/json\",\"dataschemaversion\":\"1\","
                + "\"data\":"
                + data
                + "}");
    JsonNode parsed = json.readTree(body);
    assertThat(parsed.path("data")).isEqualTo(json.readTree(data));
    assertThat(event.body().get()).isSameAs(body);
  }

  @Test
  void theAccountIsTheDatasOwnNotOneNestedDeeper() {
    String data =
        "{\"labels\": {\"account_id\": 5}, \"list\": [{\"account_id\": 6}], \"account_id\": 9}";

    assertThat(consumer.event(headers, data).account().value()).isEqualTo(9);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not an event",
        "[1, 2]",
        "\"account_id\"",
        "{\"account_id\": 1} and more",
        "{\"account_id\": 1}{\"account_id\": 2}",
        "{\"account_id\": 1, \"labels\": {\"a\": }",
        "{\"account_id\": 1"
      })
  void dataThatIsNotOneJsonObjectIsRefused(String data) {
    assertThatThrownBy(() -> consumer.event(headers, data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("data");
  }

  @Test
  void aRecordWithoutItsCloudEventHeadersIsRefused() {
    assertThatThrownBy(() -> consumer.event(new RecordHeaders(), "{\"account_id\": 1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without its CloudEvent");
  }
}
