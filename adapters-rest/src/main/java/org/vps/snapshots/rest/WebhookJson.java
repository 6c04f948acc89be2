package org.vps.snapshots.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.webhook.WebhookDelivery;
import org.vps.snapshots.domain.webhook.WebhookEndpoint;

/** The JSON shapes of webhook endpoints and their deliveries. */
final class WebhookJson {
  private WebhookJson() {}

  /** An endpoint; {@code secret} only in the answer that made it, or a rotation. */
  record Endpoint(
      long id,
      String url,
      List<String> events,
      String description,
      boolean enabled,
      @JsonProperty("disabled_reason") String disabledReason,
      @JsonProperty("failing_since") String failingSince,
      @JsonProperty("created_at") String createdAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) String secret,
      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("previous_secret_expires_at")
          String previousSecretExpiresAt) {

    static Endpoint of(WebhookEndpoint endpoint) {
      return of(endpoint, false);
    }

    /** With the secret: right after it was made, the one time its owner sees it. */
    static Endpoint withSecret(WebhookEndpoint endpoint) {
      return of(endpoint, true);
    }

    private static Endpoint of(WebhookEndpoint endpoint, boolean secret) {
      return new Endpoint(
          endpoint.id().value(),
          endpoint.url().value(),
          endpoint.events().stream().map(EventType::wireName).toList(),
          endpoint.description().value(),
          endpoint.enabled(),
          endpoint.disabledReason().orElse(null),
          Json.time(endpoint.failingSince().orElse(null)),
          Json.time(endpoint.createdAt()),
          secret ? endpoint.secret().value() : null,
          secret && endpoint.previousSecret().isPresent()
              ? Json.time(endpoint.previousSecretUntil().orElse(null))
              : null);
    }
  }

  /** A delivery and how its attempts went. */
  record Delivery(
      long id,
      @JsonProperty("message_id") String messageId,
      @JsonProperty("event_id") String eventId,
      @JsonProperty("event_type") String eventType,
      String status,
      int attempts,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("last_attempt_at") String lastAttemptAt,
      @JsonProperty("last_status_code") Integer lastStatusCode,
      @JsonProperty("last_duration_ms") Long lastDurationMs,
      @JsonProperty("last_error") String lastError,
      @JsonProperty("next_attempt_at") String nextAttemptAt) {

    static Delivery of(WebhookDelivery delivery) {
      return new Delivery(
          delivery.id().value(),
          delivery.id().messageId(),
          delivery.eventId().toString(),
          delivery.eventType(),
          delivery.status().code(),
          delivery.attempts(),
          Json.time(delivery.createdAt()),
          Json.time(delivery.lastAttemptAt().orElse(null)),
          delivery.lastStatusCode().orElse(null),
          delivery.lastDurationMs().orElse(null),
          delivery.lastError().orElse(null),
          Json.time(delivery.nextAttemptAt().orElse(null)));
    }
  }
}
