package org.vps.snapshots.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.webhook.DeliveryId;
import org.vps.snapshots.domain.webhook.DeliveryStatus;
import org.vps.snapshots.domain.webhook.RetrySchedule;
import org.vps.snapshots.domain.webhook.WebhookDelivery;
import org.vps.snapshots.domain.webhook.WebhookEndpoint;
import org.vps.snapshots.domain.webhook.WebhookSecret;
import org.vps.snapshots.domain.webhook.WebhookUrl;

/** What the webhook ports keep, in memory and in PostgreSQL alike. */
public abstract class WebhooksContract extends PortContract {
  static final Random RANDOM = new Random(7);

  WebhookEndpoint newEndpoint(AccountId account, EventType... types) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return inTransaction(
        () -> {
          int existing = ports().webhookEndpoints().lockCount(account);
          WebhookEndpoint endpoint =
              WebhookEndpoint.register(
                  ports().webhookEndpoints().nextId(),
                  account,
                  new WebhookUrl("https://hooks.example.com/" + existing),
                  EnumSet.copyOf(List.of(types)),
                  new Description("contract"),
                  WebhookSecret.generate(RANDOM),
                  existing,
                  false,
                  now);
          ports().webhookEndpoints().add(endpoint);
          return endpoint;
        });
  }

  List<WebhookDelivery> deliver(UUID event, WebhookEndpoint... endpoints) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return inTransaction(
        () -> {
          List<DeliveryId> ids = ports().webhookDeliveries().nextIds(endpoints.length);
          List<WebhookDelivery> fresh = new ArrayList<>();
          for (int i = 0; i < endpoints.length; i++) {
            fresh.add(
                WebhookDelivery.of(
                    ids.get(i),
                    endpoints[i],
                    event,
                    "SnapshotCreated",
                    "{\"n\":" + i + "}",
                    now,
                    now));
          }
          return ports().webhookDeliveries().addNew(fresh);
        });
  }

  @Test
  void anEndpointIsStoredWhole() {
    AccountId account = newAccount();
    WebhookEndpoint endpoint = newEndpoint(account, EventType.SNAPSHOT_CREATED);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    inTransaction(
        () -> {
          WebhookEndpoint locked = ports().webhookEndpoints().lock(endpoint.id()).orElseThrow();
          locked.rotateSecret(WebhookSecret.generate(RANDOM), Duration.ofHours(1), now);
          locked.subscribe(EnumSet.of(EventType.RESTORE_FAILED, EventType.SNAPSHOT_FAILED));
          locked.deliveryFailed(now, Duration.ZERO);
          ports().webhookEndpoints().update(locked);
        });

    WebhookEndpoint read =
        inTransaction(() -> ports().webhookEndpoints().find(account, endpoint.id()).orElseThrow());
    assertThat(read.enabled()).isFalse();
    assertThat(read.disabledReason()).isPresent();
    assertThat(read.failingSince()).contains(now);
    assertThat(read.events())
        .containsExactlyInAnyOrder(EventType.RESTORE_FAILED, EventType.SNAPSHOT_FAILED);
    assertThat(read.previousSecret()).contains(endpoint.secret());
    assertThat(read.secret()).isNotEqualTo(endpoint.secret());
    assertThat(read.previousSecretUntil()).contains(now.plus(Duration.ofHours(1)));
    assertThat(read.url()).isEqualTo(endpoint.url());
    assertThat(read.createdAt()).isEqualTo(endpoint.createdAt());
  }

  @Test
  void onlyTheOwnerFindsOrRemovesAnEndpointAndItsDeliveriesGoWithIt() {
    AccountId owner = newAccount();
    AccountId stranger = newAccount();
    WebhookEndpoint endpoint = newEndpoint(owner, EventType.SNAPSHOT_CREATED);
    WebhookDelivery delivery = deliver(UUID.randomUUID(), endpoint).get(0);

    assertThat(inTransaction(() -> ports().webhookEndpoints().find(stranger, endpoint.id())))
        .isEmpty();
    assertThat(inTransaction(() -> ports().webhookEndpoints().remove(stranger, endpoint.id())))
        .isFalse();
    assertThat(inTransaction(() -> ports().webhookEndpoints().remove(owner, endpoint.id())))
        .isTrue();
    assertThat(inTransaction(() -> ports().webhookDeliveries().lock(delivery.id()))).isEmpty();
    assertThat(inTransaction(() -> ports().webhookEndpoints().lockCount(owner))).isZero();
  }

  @Test
  void theEnabledEndpointsOfSeveralAccountsAreReadAtOnce() {
    AccountId account = newAccount();
    WebhookEndpoint created = newEndpoint(account, EventType.SNAPSHOT_CREATED);
    WebhookEndpoint both =
        newEndpoint(account, EventType.SNAPSHOT_CREATED, EventType.SNAPSHOT_FAILED);
    WebhookEndpoint off = newEndpoint(account, EventType.SNAPSHOT_CREATED);
    AccountId second = newAccount();
    WebhookEndpoint failed = newEndpoint(second, EventType.SNAPSHOT_FAILED);
    newEndpoint(newAccount(), EventType.SNAPSHOT_CREATED);
    inTransaction(
        () -> {
          WebhookEndpoint locked = ports().webhookEndpoints().lock(off.id()).orElseThrow();
          locked.enable(false);
          ports().webhookEndpoints().update(locked);
        });

    assertThat(inTransaction(() -> ports().webhookEndpoints().enabledOf(Set.of(account, second))))
        .extracting(WebhookEndpoint::id)
        .containsExactly(created.id(), both.id(), failed.id());
    assertThat(
            inTransaction(() -> ports().webhookEndpoints().enabledOf(Set.of(second)))
                .get(0)
                .events())
        .containsExactly(EventType.SNAPSHOT_FAILED);
    assertThat(inTransaction(() -> ports().webhookEndpoints().of(account))).hasSize(3);
  }

  @Test
  void anEventIsDeliveredOncePerEndpointHoweverOftenItIsRecorded() {
    AccountId account = newAccount();
    WebhookEndpoint endpoint = newEndpoint(account, EventType.SNAPSHOT_CREATED);
    UUID event = UUID.randomUUID();

    assertThat(deliver(event, endpoint)).hasSize(1);
    assertThat(deliver(event, endpoint)).isEmpty();
    assertThat(
            inTransaction(
                () ->
                    ports().webhookDeliveries().of(endpoint.id(), new PageRequest(1, 10)).total()))
        .isEqualTo(1);
  }

  @Test
  void claimsAreBoundedPerEndpointAndHeldUntilTheirAttemptIsRecorded() {
    AccountId account = newAccount();
    WebhookEndpoint busy = newEndpoint(account, EventType.SNAPSHOT_CREATED);
    WebhookEndpoint quiet = newEndpoint(account, EventType.SNAPSHOT_CREATED);
    for (int i = 0; i < 4; i++) {
      deliver(UUID.randomUUID(), busy);
    }
    deliver(UUID.randomUUID(), quiet);

    List<WebhookDelivery> first =
        inTransaction(() -> ports().webhookDeliveries().claimDue(100, 2, Duration.ofMinutes(1)));
    List<WebhookDelivery> ours = first.stream().filter(d -> d.accountId().equals(account)).toList();
    assertThat(ours).filteredOn(d -> d.endpointId().equals(busy.id())).hasSize(2);
    assertThat(ours).filteredOn(d -> d.endpointId().equals(quiet.id())).hasSize(1);
    assertThat(
            inTransaction(
                () -> ports().webhookDeliveries().claimDue(100, 2, Duration.ofMinutes(1))))
        .noneMatch(d -> d.accountId().equals(account));

    WebhookDelivery done =
        ours.stream().filter(d -> d.endpointId().equals(busy.id())).findFirst().orElseThrow();
    done.succeeded(Instant.now(), 200, Duration.ofMillis(5));
    inTransaction(() -> ports().webhookDeliveries().update(done, true));

    List<WebhookDelivery> next =
        inTransaction(() -> ports().webhookDeliveries().claimDue(100, 2, Duration.ofMinutes(1)));
    assertThat(next)
        .filteredOn(d -> d.accountId().equals(account))
        .singleElement()
        .satisfies(d -> assertThat(d.endpointId()).isEqualTo(busy.id()));
    WebhookDelivery stored =
        inTransaction(() -> ports().webhookDeliveries().find(busy.id(), done.id()).orElseThrow());
    assertThat(stored.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(stored.attempts()).isEqualTo(1);
    assertThat(stored.lastStatusCode()).contains(200);
    assertThat(stored.nextAttemptAt()).isEmpty();
  }

  @Test
  void aFailedAttemptWaitsForItsNextTurn() {
    AccountId account = newAccount();
    WebhookEndpoint endpoint = newEndpoint(account, EventType.SNAPSHOT_CREATED);
    deliver(UUID.randomUUID(), endpoint);
    WebhookDelivery claimed =
        inTransaction(() -> ports().webhookDeliveries().claimDue(100, 4, Duration.ofMinutes(1)))
            .stream()
            .filter(d -> d.endpointId().equals(endpoint.id()))
            .findFirst()
            .orElseThrow();
    claimed.attemptFailed(
        Instant.now(),
        500,
        Duration.ofMillis(3),
        "The endpoint answered 500.",
        new RetrySchedule(Duration.ofHours(1), 2, Duration.ofHours(2), Duration.ofHours(24), 0),
        0.5);
    inTransaction(() -> ports().webhookDeliveries().update(claimed, true));

    assertThat(
            inTransaction(
                () -> ports().webhookDeliveries().claimDue(100, 4, Duration.ofMinutes(1))))
        .noneMatch(d -> d.endpointId().equals(endpoint.id()));
    assertThat(inTransaction(() -> ports().webhookDeliveries().pendingOf(endpoint.id())))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.lastError()).contains("The endpoint answered 500.");
              assertThat(d.nextAttemptAt().orElseThrow())
                  .isAfter(Instant.now().plus(Duration.ofMinutes(59)));
            });
  }
}
