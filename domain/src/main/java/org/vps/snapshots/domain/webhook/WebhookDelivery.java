package org.vps.snapshots.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Text;

/**
 * One event on its way to one endpoint: the body it carries, and how its attempts went. Pending
 * until an attempt gets a 2xx answer (delivered) or the schedule gives up (failed); its owner may
 * ask for it again at any time.
 */
public final class WebhookDelivery {
  private final DeliveryId id;
  private final WebhookId endpointId;
  private final AccountId accountId;
  private final UUID eventId;
  private final String eventType;
  private final String body;
  private final Instant eventAt;
  private final Instant createdAt;
  private DeliveryStatus status;
  private int attempts;
  private Instant nextAttemptAt;
  private Instant lastAttemptAt;
  private Integer lastStatusCode;
  private Long lastDurationMs;
  private String lastError;

  private WebhookDelivery(
      DeliveryId id,
      WebhookId endpointId,
      AccountId accountId,
      UUID eventId,
      String eventType,
      String body,
      Instant eventAt,
      Instant createdAt,
      DeliveryStatus status,
      int attempts,
      Instant nextAttemptAt,
      Instant lastAttemptAt,
      Integer lastStatusCode,
      Long lastDurationMs,
      String lastError) {
    this.id = Objects.requireNonNull(id);
    this.endpointId = Objects.requireNonNull(endpointId);
    this.accountId = Objects.requireNonNull(accountId);
    this.eventId = Objects.requireNonNull(eventId);
    this.eventType = Objects.requireNonNull(eventType);
    this.body = Objects.requireNonNull(body);
    this.eventAt = Objects.requireNonNull(eventAt);
    this.createdAt = Objects.requireNonNull(createdAt);
    this.status = Objects.requireNonNull(status);
    this.attempts = attempts;
    this.nextAttemptAt = nextAttemptAt;
    this.lastAttemptAt = lastAttemptAt;
    this.lastStatusCode = lastStatusCode;
    this.lastDurationMs = lastDurationMs;
    this.lastError = lastError;
  }

  /** A delivery of event {@code eventId} to {@code endpoint}, due at once. */
  public static WebhookDelivery of(
      DeliveryId id,
      WebhookEndpoint endpoint,
      UUID eventId,
      String eventType,
      String body,
      Instant eventAt,
      Instant now) {
    return new WebhookDelivery(
        id,
        endpoint.id(),
        endpoint.accountId(),
        eventId,
        eventType,
        body,
        eventAt,
        now,
        DeliveryStatus.PENDING,
        0,
        now,
        null,
        null,
        null,
        null);
  }

  /** A delivery as stored; the one way back from storage. */
  public static WebhookDelivery fromStorage(
      DeliveryId id,
      WebhookId endpointId,
      AccountId accountId,
      UUID eventId,
      String eventType,
      String body,
      Instant eventAt,
      Instant createdAt,
      DeliveryStatus status,
      int attempts,
      Instant nextAttemptAt,
      Instant lastAttemptAt,
      Integer lastStatusCode,
      Long lastDurationMs,
      String lastError) {
    return new WebhookDelivery(
        id,
        endpointId,
        accountId,
        eventId,
        eventType,
        body,
        eventAt,
        createdAt,
        status,
        attempts,
        nextAttemptAt,
        lastAttemptAt,
        lastStatusCode,
        lastDurationMs,
        lastError);
  }

  /** The receiver answered 2xx. */
  public void succeeded(Instant at, int statusCode, Duration took) {
    record(at, statusCode, took, null);
    status = DeliveryStatus.DELIVERED;
    nextAttemptAt = null;
  }

  /**
   * The attempt failed (an answer outside 2xx, or none): tried again when {@code schedule} says,
   * failed for good when it gives up.
   */
  public void attemptFailed(
      Instant at,
      Integer statusCode,
      Duration took,
      String error,
      RetrySchedule schedule,
      double draw) {
    record(at, statusCode, took, error == null ? null : Text.failureReason(error));
    Optional<Instant> next = schedule.next(attempts, eventAt, at, draw);
    status = next.isPresent() ? DeliveryStatus.PENDING : DeliveryStatus.FAILED;
    nextAttemptAt = next.orElse(null);
  }

  /** Stops trying: its endpoint was disabled or removed. */
  public void abandon(String reason) {
    if (status == DeliveryStatus.PENDING) {
      status = DeliveryStatus.FAILED;
      nextAttemptAt = null;
      lastError = Text.failureReason(reason);
    }
  }

  /** Its owner asks for it again: due at once, whatever became of it. */
  public void redeliver(Instant now) {
    status = DeliveryStatus.PENDING;
    nextAttemptAt = now;
  }

  private void record(Instant at, Integer statusCode, Duration took, String error) {
    attempts++;
    lastAttemptAt = at;
    lastStatusCode = statusCode;
    lastDurationMs = took.toMillis();
    lastError = error;
  }

  public DeliveryId id() {
    return id;
  }

  public WebhookId endpointId() {
    return endpointId;
  }

  public AccountId accountId() {
    return accountId;
  }

  public UUID eventId() {
    return eventId;
  }

  public String eventType() {
    return eventType;
  }

  public String body() {
    return body;
  }

  public Instant eventAt() {
    return eventAt;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public DeliveryStatus status() {
    return status;
  }

  public int attempts() {
    return attempts;
  }

  public Optional<Instant> nextAttemptAt() {
    return Optional.ofNullable(nextAttemptAt);
  }

  public Optional<Instant> lastAttemptAt() {
    return Optional.ofNullable(lastAttemptAt);
  }

  public Optional<Integer> lastStatusCode() {
    return Optional.ofNullable(lastStatusCode);
  }

  public Optional<Long> lastDurationMs() {
    return Optional.ofNullable(lastDurationMs);
  }

  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }
}
