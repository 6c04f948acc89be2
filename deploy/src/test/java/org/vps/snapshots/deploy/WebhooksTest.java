package org.vps.snapshots.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.persistence.PostgresResource;

/**
 * Webhooks end to end against a real receiver: events from the bus become signed deliveries
 * (checked with the Standard Webhooks project's own Java library), failures are retried on a
 * growing schedule, an endpoint failing for long enough is disabled.
 */
@QuarkusTest
@TestProfile(Profiles.Workers.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class WebhooksTest {
  static final WebhookReceiver RECEIVER = new WebhookReceiver();

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  static JsonPath register(Platform.Customer customer, String path, String... events) {
    return customer
        .call()
        .body(Map.of("url", RECEIVER.url(path), "events", List.of(events)))
        .post("/api/v1/webhooks/")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  static List<WebhookReceiver.Received> awaitReceived(String path, int count) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> RECEIVER.at(path).size() >= count);
    return RECEIVER.at(path);
  }

  static JsonPath deliveries(Platform.Customer customer, long webhook) {
    return customer
        .call()
        .get("/api/v1/webhooks/" + webhook + "/deliveries/")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void eachMatchingEventArrivesOnceSignedAsAStandardWebhookWithTheCloudEventAsBody() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    JsonPath endpoint = register(customer, "/signed", "SnapshotCreated", "SnapshotCompleted");
    register(customer, "/restores-only", "RestoreStarted");
    assertThat(endpoint.getString("secret")).startsWith("whsec_");

    long snapshot = customer.createSnapshot(server, "signed");
    List<WebhookReceiver.Received> got = awaitReceived("/signed", 2);

    Webhook verifier = new Webhook(endpoint.getString("secret"));
    assertThat(got)
        .allSatisfy(
            r -> {
              assertThat(r.header("content-type")).isEqualTo("application/cloudevents+json");
              assertThat(r.header("webhook-id")).startsWith("msg_");
              assertThatCode(() -> verifier.verify(r.body(), r.standardHeaders()))
                  .as("the signature of %s", r.body())
                  .doesNotThrowAnyException();
              JsonPath event = JsonPath.from(r.body());
              assertThat(event.getString("specversion")).isEqualTo("1.0");
              assertThat(event.getString("datacontenttype")).isEqualTo("application/json");
              assertThat(event.getLong("data.snapshot_id")).isEqualTo(snapshot);
              assertThat(event.getLong("data.account_id")).isEqualTo(customer.account());
            });
    assertThat(got)
        .extracting(r -> JsonPath.from(r.body()).getString("type"))
        .containsExactly("SnapshotCreated", "SnapshotCompleted");
    // A forged body does not pass the same check.
    WebhookReceiver.Received first = got.get(0);
    assertThatThrownBy(
            () ->
                verifier.verify(first.body().replace("signed", "forged"), first.standardHeaders()))
        .isInstanceOf(WebhookVerificationException.class);

    JsonPath listed = deliveries(customer, endpoint.getLong("id"));
    assertThat(listed.getList("results.status")).containsOnly("delivered");
    assertThat(listed.getList("results.attempts", Integer.class)).containsOnly(1);
    assertThat(listed.getList("results.last_status_code", Integer.class)).containsOnly(200);
    assertThat(RECEIVER.at("/restores-only")).isEmpty();
    assertThat(RECEIVER.at("/signed")).hasSize(2);
    String metrics =
        Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .contains("snapshots_webhooks_deliveries_total{outcome=\"delivered\"")
        .contains("snapshots_webhooks_delivery_latency_seconds_count");
  }

  @Test
  void aRecordThatIsNoEventGoesToTheDeadLetterTopicAloneAndTheEventsBesideItAreDelivered()
      throws Exception {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    register(customer, "/beside-garbage", "SnapshotCreated");
    String key = "garbage-" + System.nanoTime();

    long snapshot;
    try (KafkaProducer<String, String> producer = WorkerFlowTest.producer()) {
      producer.send(new ProducerRecord<>("snapshots.events", key, "not an event")).get();
      snapshot = customer.createSnapshot(server, "beside-garbage");
      producer.send(new ProducerRecord<>("snapshots.events", key, "{\"account_id\": 1}")).get();
    }

    List<WebhookReceiver.Received> got = awaitReceived("/beside-garbage", 1);
    assertThat(JsonPath.from(got.get(0).body()).getLong("data.snapshot_id")).isEqualTo(snapshot);
    try (EventStream deadLetters = new EventStream("snapshots.webhooks.dlq")) {
      assertThat(deadLetters.awaitKey(key, r -> r.size() >= 2))
          .extracting(ConsumerRecord::value)
          .containsExactly("not an event", "{\"account_id\": 1}");
    }
    assertThat(RECEIVER.at("/beside-garbage")).hasSize(1);
    // Every record read, dead-lettered or not, is settled: the group's commits reach the end.
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaResource.broker().bootstrapServers()))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> assertThat(lag(admin, "snapshot-webhooks")).isZero());
    }
  }

  /** How many records of {@code snapshots.events} the group has read without committing. */
  static long lag(Admin admin, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
    admin
        .describeTopics(List.of("snapshots.events"))
        .allTopicNames()
        .get()
        .get("snapshots.events")
        .partitions()
        .forEach(
            p ->
                ends.put(
                    new TopicPartition("snapshots.events", p.partition()), OffsetSpec.latest()));
    long lag = 0;
    for (var end : admin.listOffsets(ends).all().get().entrySet()) {
      OffsetAndMetadata at = committed.get(end.getKey());
      lag += end.getValue().offset() - (at == null ? 0 : at.offset());
    }
    return lag;
  }

  @Test
  void failedDeliveriesAreRetriedWithGrowingPausesUntilTheyGetThrough() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    RECEIVER.answer("/flaky", n -> WebhookReceiver.Answer.of(n <= 3 ? 500 : 204));
    long webhook = register(customer, "/flaky", "SnapshotCreated").getLong("id");

    customer.createSnapshot(server, "flaky");
    List<WebhookReceiver.Received> got = awaitReceived("/flaky", 4);

    assertThat(got)
        .extracting(r -> r.header("webhook-id"))
        .containsOnly(got.get(0).header("webhook-id"));
    long first = Duration.between(got.get(0).at(), got.get(1).at()).toMillis();
    long second = Duration.between(got.get(1).at(), got.get(2).at()).toMillis();
    long third = Duration.between(got.get(2).at(), got.get(3).at()).toMillis();
    assertThat(first).isBetween(150L, 600L);
    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> "delivered".equals(deliveries(customer, webhook).getString("results[0].status")));
    JsonPath delivery = deliveries(customer, webhook).setRootPath("results[0]");
    assertThat(delivery.getInt("attempts")).isEqualTo(4);
    assertThat(delivery.getInt("last_status_code")).isEqualTo(204);
  }

  @Test
  void anEndpointThatDoesNotAnswerInTimeIsRetried() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    RECEIVER.answer(
        "/slow",
        n -> new WebhookReceiver.Answer(200, n == 1 ? Duration.ofSeconds(3) : Duration.ZERO));
    long webhook = register(customer, "/slow", "SnapshotCreated").getLong("id");

    customer.createSnapshot(server, "slow");
    awaitReceived("/slow", 2);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> "delivered".equals(deliveries(customer, webhook).getString("results[0].status")));
    JsonPath delivery = deliveries(customer, webhook).setRootPath("results[0]");
    assertThat(delivery.getInt("attempts")).isEqualTo(2);
    List<WebhookReceiver.Received> got = RECEIVER.at("/slow");
    assertThat(Duration.between(got.get(0).at(), got.get(1).at()))
        .isGreaterThan(Duration.ofMillis(1000));
  }

  @Test
  void aDeliveryIsSentAgainOnRequestWithTheSameMessageId() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    long webhook = register(customer, "/again", "SnapshotCreated").getLong("id");
    customer.createSnapshot(server, "again");
    awaitReceived("/again", 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> "delivered".equals(deliveries(customer, webhook).getString("results[0].status")));
    long delivery = deliveries(customer, webhook).getLong("results[0].id");

    customer
        .call()
        .post("/api/v1/webhooks/" + webhook + "/deliveries/" + delivery + "/redeliver/")
        .then()
        .statusCode(202);

    List<WebhookReceiver.Received> got = awaitReceived("/again", 2);
    assertThat(got.get(1).header("webhook-id")).isEqualTo(got.get(0).header("webhook-id"));
    assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> deliveries(customer, webhook).getInt("results[0].attempts") == 2);
  }

  @Test
  void anEndpointFailingForTooLongIsDisabledAndAnEventSaysSo() {
    Platform.Customer customer = Platform.Customer.create();
    long server = customer.server("running");
    RECEIVER.answer("/down", n -> WebhookReceiver.Answer.of(503));
    long webhook =
        register(customer, "/down", "SnapshotCreated", "SnapshotCompleted").getLong("id");
    register(customer, "/notices", "WebhookEndpointDisabled");

    customer.createSnapshot(server, "down");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !customer
                    .call()
                    .get("/api/v1/webhooks/" + webhook + "/")
                    .jsonPath()
                    .getBoolean("enabled"));
    JsonPath disabled = customer.call().get("/api/v1/webhooks/" + webhook + "/").jsonPath();
    assertThat(disabled.getString("disabled_reason")).startsWith("Every delivery failed for");
    assertThat(deliveries(customer, webhook).getList("results.status")).containsOnly("failed");
    int sent = RECEIVER.at("/down").size();

    try (EventStream events = EventStream.events()) {
      List<ConsumerRecord<String, String>> notice =
          events.awaitKey("webhook-" + webhook, r -> !r.isEmpty());
      assertThat(EventStream.type(notice.get(0))).isEqualTo("WebhookEndpointDisabled");
      assertThat(JsonPath.from(notice.get(0).value()).getLong("webhook_id")).isEqualTo(webhook);
    }
    assertThat(Management.given().get("/q/metrics").then().extract().asString())
        .contains("snapshots_webhooks_endpoints_disabled_total");
    List<WebhookReceiver.Received> told = awaitReceived("/notices", 1);
    assertThat(JsonPath.from(told.get(0).body()).getLong("data.webhook_id")).isEqualTo(webhook);

    // Disabled, it gets nothing more, and a redelivery is refused until it is enabled again.
    customer.createSnapshot(server, "while-disabled");
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> RECEIVER.at("/down").size() == sent);
    long delivery = deliveries(customer, webhook).getLong("results[0].id");
    customer
        .call()
        .post("/api/v1/webhooks/" + webhook + "/deliveries/" + delivery + "/redeliver/")
        .then()
        .statusCode(400)
        .body("code", org.hamcrest.Matchers.equalTo("webhook_disabled"));
  }
}
