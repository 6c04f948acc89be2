package org.vps.snapshots.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.InvalidValueException;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.snapshot.Description;

class WebhookTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Random RANDOM = new Random(1);
  static final Set<EventType> CREATED = EnumSet.of(EventType.SNAPSHOT_CREATED);

  static WebhookEndpoint endpoint(int existing) {
    return WebhookEndpoint.register(
        new WebhookId(1),
        new AccountId(7),
        new WebhookUrl("https://hooks.example.com/in"),
        CREATED,
        Description.NONE,
        WebhookSecret.generate(RANDOM),
        existing,
        false,
        T0);
  }

  @Test
  void anAccountHasAtMostTenEndpoints() {
    assertThat(endpoint(9).enabled()).isTrue();
    assertThatThrownBy(() -> endpoint(10))
        .isInstanceOfSatisfying(
            WebhookRuleException.class,
            e -> assertThat(e.code()).isEqualTo("webhook_limit_reached"));
  }

  @Test
  void anEndpointSubscribesToAtLeastOneType() {
    WebhookEndpoint endpoint = endpoint(0);
    assertThatThrownBy(() -> endpoint.subscribe(Set.of()))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("events"));
    assertThat(endpoint.accepts(EventType.SNAPSHOT_CREATED)).isTrue();
    assertThat(endpoint.accepts(EventType.SNAPSHOT_FAILED)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://hooks.example.com/in",
        "https://localhost/in",
        "https://api.localhost/in",
        "https://127.0.0.1/in",
        "https://10.1.2.3/in",
        "https://192.168.0.10/in",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/in",
        "https://[fd00:ec2::254]/in",
        "https://[::ffff:127.0.0.1]/in",
        "https://100.64.0.1/in",
        "https://0.0.0.0/in"
      })
  void insecureOrInternalUrlsAreRefusedUnlessAllowed(String url) {
    WebhookUrl value = new WebhookUrl(url);
    assertThatThrownBy(() -> value.requireSafe(false))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("url"));
    value.requireSafe(true);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://hooks.example.com/",
        "https://user:pw@hooks.example.com/",
        "/relative",
        "https://h/#x",
        "not a url"
      })
  void malformedUrlsAreRefused(String url) {
    assertThatThrownBy(() -> new WebhookUrl(url)).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void publicAddressesAreAllowedAndEmbeddedPrivateOnesAreNot() throws UnknownHostException {
    assertThat(ForbiddenAddresses.forbidden(InetAddress.getByName("93.184.216.34"))).isFalse();
    assertThat(ForbiddenAddresses.forbidden(InetAddress.getByName("2606:2800:220:1::1"))).isFalse();
    assertThat(ForbiddenAddresses.forbidden(InetAddress.getByName("64:ff9b::a00:1"))).isTrue();
    assertThat(ForbiddenAddresses.forbidden(InetAddress.getByName("2002:c0a8:1::1"))).isTrue();
    assertThat(ForbiddenAddresses.forbidden(InetAddress.getByName("172.16.5.4"))).isTrue();
    assertThat(ForbiddenAddresses.literal("hooks.example.com")).isEmpty();
  }

  @Test
  void aRotatedSecretKeepsSigningForItsGracePeriodOnly() {
    WebhookEndpoint endpoint = endpoint(0);
    WebhookSecret first = endpoint.secret();
    WebhookSecret second = WebhookSecret.generate(RANDOM);

    endpoint.rotateSecret(second, Duration.ofHours(1), T0);

    assertThat(endpoint.signingSecrets(T0.plusSeconds(3599))).containsExactly(second, first);
    assertThat(endpoint.signingSecrets(T0.plusSeconds(3600))).containsExactly(second);
    assertThat(second.toString()).doesNotContain(second.value());
    assertThat(second.value()).startsWith("whsec_");
    assertThat(second.key()).hasSize(32);
  }

  @Test
  void anEndpointFailingForTheWholeSpanIsDisabledOnceWithAnEvent() {
    WebhookEndpoint endpoint = endpoint(0);
    Duration span = Duration.ofHours(24);

    assertThat(endpoint.deliveryFailed(T0, span)).isEmpty();
    assertThat(endpoint.deliveryFailed(T0.plus(Duration.ofHours(23)), span)).isEmpty();
    Optional<WebhookEndpointDisabled> off = endpoint.deliveryFailed(T0.plus(span), span);

    assertThat(off)
        .hasValueSatisfying(
            event -> {
              assertThat(event.webhookId()).isEqualTo(endpoint.id());
              assertThat(event.failingSince()).isEqualTo(T0);
              assertThat(event.type()).isEqualTo(EventType.WEBHOOK_ENDPOINT_DISABLED);
            });
    assertThat(endpoint.enabled()).isFalse();
    assertThat(endpoint.accepts(EventType.SNAPSHOT_CREATED)).isFalse();
    assertThat(endpoint.deliveryFailed(T0.plus(span).plusSeconds(1), span)).isEmpty();

    endpoint.enable(true);
    assertThat(endpoint.failing()).isFalse();
    assertThat(endpoint.disabledReason()).isEmpty();
  }

  @Test
  void aSuccessStartsTheFailureSpanAfresh() {
    WebhookEndpoint endpoint = endpoint(0);
    Duration span = Duration.ofHours(24);
    endpoint.deliveryFailed(T0, span);
    endpoint.deliverySucceeded();

    assertThat(endpoint.deliveryFailed(T0.plus(Duration.ofHours(25)), span)).isEmpty();
    assertThat(endpoint.failingSince()).contains(T0.plus(Duration.ofHours(25)));
  }

  @Test
  void pausesGrowByTheFactorUpToTheLongestWithinTheirJitter() {
    RetrySchedule schedule =
        new RetrySchedule(
            Duration.ofSeconds(5), 2, Duration.ofMinutes(1), Duration.ofHours(24), 0.2);

    assertThat(schedule.pause(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(schedule.pause(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(schedule.pause(4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(schedule.pause(5)).isEqualTo(Duration.ofMinutes(1));
    assertThat(schedule.next(2, T0, T0, 0.0)).contains(T0.plusSeconds(8));
    assertThat(schedule.next(2, T0, T0, 0.5)).contains(T0.plusSeconds(10));
    assertThat(schedule.next(2, T0, T0, 0.99999))
        .hasValueSatisfying(
            t -> assertThat(t).isBetween(T0.plusMillis(11_900), T0.plusSeconds(12)));
    assertThat(schedule.next(9, T0, T0.plus(Duration.ofHours(24)), 0.5)).isEmpty();
  }

  @Test
  void aDeliveryRetriesUntilTheScheduleGivesUpAndMayBeAskedForAgain() {
    WebhookEndpoint endpoint = endpoint(0);
    WebhookDelivery delivery =
        WebhookDelivery.of(
            new DeliveryId(3), endpoint, UUID.randomUUID(), "SnapshotCreated", "{}", T0, T0);
    RetrySchedule schedule =
        new RetrySchedule(
            Duration.ofMinutes(10), 2, Duration.ofHours(1), Duration.ofMinutes(25), 0);

    delivery.attemptFailed(
        T0, 500, Duration.ofMillis(30), "The endpoint answered 500.", schedule, 0.5);
    assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(delivery.nextAttemptAt()).contains(T0.plus(Duration.ofMinutes(10)));
    delivery.attemptFailed(
        T0.plus(Duration.ofMinutes(10)), null, Duration.ofSeconds(10), "timeout", schedule, 0.5);
    assertThat(delivery.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(delivery.attempts()).isEqualTo(2);
    assertThat(delivery.lastStatusCode()).isEmpty();
    assertThat(delivery.nextAttemptAt()).isEmpty();

    delivery.redeliver(T0.plus(Duration.ofHours(1)));
    assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
    delivery.succeeded(T0.plus(Duration.ofHours(1)), 204, Duration.ofMillis(12));
    assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(delivery.attempts()).isEqualTo(3);
    assertThat(delivery.lastError()).isEmpty();
    assertThat(delivery.id().messageId()).isEqualTo("msg_3");
  }
}
