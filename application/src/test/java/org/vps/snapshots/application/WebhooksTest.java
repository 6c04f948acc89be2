package org.vps.snapshots.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.fake.InMemoryStore;
import org.vps.snapshots.application.fake.InMemoryWebhooks;
import org.vps.snapshots.application.fake.MutableClock;
import org.vps.snapshots.application.port.WebhookSender;
import org.vps.snapshots.application.webhook.DeliverWebhooks;
import org.vps.snapshots.application.webhook.RecordWebhookDeliveries;
import org.vps.snapshots.application.webhook.RegisterWebhook;
import org.vps.snapshots.application.webhook.WebhookPolicy;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.webhook.DeliveryStatus;
import org.vps.snapshots.domain.webhook.RetrySchedule;
import org.vps.snapshots.domain.webhook.WebhookDelivery;
import org.vps.snapshots.domain.webhook.WebhookEndpoint;
import org.vps.snapshots.domain.webhook.WebhookUrl;

/** Recording and sending deliveries, with the ports in memory and a clock the test moves. */
class WebhooksTest {
  static final AccountId ACCOUNT = new AccountId(7);
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final InMemoryStore store = new InMemoryStore();
  final InMemoryWebhooks webhooks = new InMemoryWebhooks(clock);
  final WebhookPolicy policy =
      new WebhookPolicy(
          new RetrySchedule(Duration.ofMinutes(1), 2, Duration.ofHours(1), Duration.ofHours(24), 0),
          Duration.ofHours(1),
          Duration.ofHours(24),
          Duration.ofSeconds(60),
          2,
          false);
  final RegisterWebhook register = new RegisterWebhook(webhooks.endpoints, policy, clock);
  final RecordWebhookDeliveries record =
      new RecordWebhookDeliveries(
          webhooks.endpoints, webhooks.deliveries, webhooks.doorbell, clock);
  final DeliverWebhooks deliver =
      new DeliverWebhooks(webhooks.endpoints, webhooks.deliveries, store.outboxPort, policy, clock);

  WebhookEndpoint endpoint(EventType... types) {
    return register.execute(
        new RegisterWebhook.Command(
            ACCOUNT,
            new WebhookUrl("https://hooks.example.com/in"),
            EnumSet.copyOf(List.of(types)),
            Description.NONE));
  }

  RecordWebhookDeliveries.Event event(EventType type, Instant at) {
    return new RecordWebhookDeliveries.Event(ACCOUNT, UUID.randomUUID(), type.wireName(), at, "{}");
  }

  static WebhookSender.Answer refused() {
    return WebhookSender.Answer.of(503, Duration.ofMillis(5));
  }

  @Test
  void anEventBecomesOneDeliveryPerSubscribedEndpointOnceAndRingsTheSender() {
    WebhookEndpoint created = endpoint(EventType.SNAPSHOT_CREATED);
    endpoint(EventType.RESTORE_STARTED);
    RecordWebhookDeliveries.Event event = event(EventType.SNAPSHOT_CREATED, clock.instant());

    assertThat(record.executeAll(List.of(event)))
        .singleElement()
        .satisfies(d -> assertThat(d.endpointId()).isEqualTo(created.id()));
    assertThat(record.executeAll(List.of(event))).isEmpty();
    assertThat(webhooks.rings()).isEqualTo(1);
    assertThat(
            record.executeAll(
                List.of(
                    new RecordWebhookDeliveries.Event(
                        ACCOUNT, UUID.randomUUID(), "SnapshotBaked", clock.instant(), "{}"))))
        .isEmpty();
  }

  @Test
  void anEndpointGetsNoEventThatHappenedBeforeItWasAdded() {
    Instant before = clock.instant();
    clock.advance(Duration.ofSeconds(1));
    endpoint(EventType.SNAPSHOT_CREATED);

    assertThat(record.executeAll(List.of(event(EventType.SNAPSHOT_CREATED, before)))).isEmpty();
  }

  @Test
  void eventsRecordedTogetherGoEachToItsOwnAccountsEndpointsOfItsType() {
    AccountId other = new AccountId(8);
    WebhookEndpoint created = endpoint(EventType.SNAPSHOT_CREATED);
    WebhookEndpoint restores = endpoint(EventType.RESTORE_STARTED);
    WebhookEndpoint othersCreated =
        register.execute(
            new RegisterWebhook.Command(
                other,
                new WebhookUrl("https://hooks.example.com/other"),
                EnumSet.of(EventType.SNAPSHOT_CREATED),
                Description.NONE));
    Instant before = clock.instant().minusSeconds(1);
    RecordWebhookDeliveries.Event mine = event(EventType.SNAPSHOT_CREATED, clock.instant());
    RecordWebhookDeliveries.Event restore = event(EventType.RESTORE_STARTED, clock.instant());
    RecordWebhookDeliveries.Event early = event(EventType.SNAPSHOT_CREATED, before);
    RecordWebhookDeliveries.Event theirs =
        new RecordWebhookDeliveries.Event(
            other, UUID.randomUUID(), "SnapshotCreated", clock.instant(), "{}");

    assertThat(record.executeAll(List.of(mine, restore, early, theirs)))
        .extracting(d -> d.endpointId(), d -> d.eventId())
        .containsExactly(
            tuple(created.id(), mine.id()),
            tuple(restores.id(), restore.id()),
            tuple(othersCreated.id(), theirs.id()));
    assertThat(webhooks.rings()).isEqualTo(1);
    assertThat(record.executeAll(List.of(mine, theirs))).isEmpty();
  }

  @Test
  void aClaimedDeliveryIsSignedWithEveryValidSecretAndRecordedOnce() {
    WebhookEndpoint endpoint = endpoint(EventType.SNAPSHOT_CREATED);
    record.executeAll(List.of(event(EventType.SNAPSHOT_CREATED, clock.instant())));

    DeliverWebhooks.Attempt attempt = deliver.claimDue(10).get(0);
    assertThat(attempt.request().url()).isEqualTo(URI.create("https://hooks.example.com/in"));
    assertThat(attempt.request().secrets()).containsExactly(endpoint.secret());
    assertThat(attempt.request().messageId()).isEqualTo(attempt.delivery().id().messageId());
    assertThat(deliver.claimDue(10)).isEmpty();

    DeliverWebhooks.Finished finished =
        deliver.finish(attempt, WebhookSender.Answer.of(204, Duration.ofMillis(9)));

    assertThat(finished.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(webhooks.attemptsLogged(attempt.delivery().id())).isEqualTo(1);
  }

  @Test
  void anEndpointFailingPastTheLimitIsDisabledItsPendingDeliveriesEndAndANoticeIsWritten() {
    WebhookEndpoint endpoint = endpoint(EventType.SNAPSHOT_CREATED);
    record.executeAll(List.of(event(EventType.SNAPSHOT_CREATED, clock.instant())));
    record.executeAll(List.of(event(EventType.SNAPSHOT_CREATED, clock.instant())));
    List<DeliverWebhooks.Attempt> both = deliver.claimDue(10);
    assertThat(both).hasSize(2);

    DeliverWebhooks.Finished first = deliver.finish(both.get(0), refused());
    assertThat(first).isEqualTo(new DeliverWebhooks.Finished(DeliveryStatus.PENDING, false));
    clock.advance(Duration.ofHours(1));
    DeliverWebhooks.Finished second = deliver.finish(both.get(1), refused());

    assertThat(second).isEqualTo(new DeliverWebhooks.Finished(DeliveryStatus.FAILED, true));
    assertThat(webhooks.endpoints.lock(endpoint.id()).orElseThrow().enabled()).isFalse();
    assertThat(webhooks.deliveries.pendingOf(endpoint.id())).isEmpty();
    assertThat(store.notices())
        .singleElement()
        .isInstanceOfSatisfying(
            org.vps.snapshots.domain.webhook.WebhookEndpointDisabled.class,
            n -> assertThat(n.webhookId()).isEqualTo(endpoint.id()));
    assertThat(record.executeAll(List.of(event(EventType.SNAPSHOT_CREATED, clock.instant()))))
        .isEmpty();
  }

  @Test
  void aFailedAttemptComesBackWhenTheScheduleSays() {
    endpoint(EventType.SNAPSHOT_CREATED);
    record.executeAll(List.of(event(EventType.SNAPSHOT_CREATED, clock.instant())));
    DeliverWebhooks.Attempt attempt = deliver.claimDue(10).get(0);
    deliver.finish(attempt, refused());

    clock.advance(Duration.ofSeconds(59));
    assertThat(deliver.claimDue(10)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    List<DeliverWebhooks.Attempt> again = deliver.claimDue(10);
    assertThat(again)
        .singleElement()
        .extracting(DeliverWebhooks.Attempt::delivery)
        .extracting(WebhookDelivery::attempts)
        .isEqualTo(1);
  }
}
