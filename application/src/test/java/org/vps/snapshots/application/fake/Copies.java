package org.vps.snapshots.application.fake;

import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.webhook.WebhookDelivery;
import org.vps.snapshots.domain.webhook.WebhookEndpoint;

/** Fakes keep copies, as a database would: a change not saved through the port is lost. */
final class Copies {
  private Copies() {}

  static Server of(Server s) {
    return Server.fromStorage(
        s.id(),
        s.accountId(),
        s.name(),
        s.status(),
        s.host().orElse(null),
        s.powerStateBeforeRestore().orElse(null),
        s.restoringFrom().orElse(null),
        s.restoreStartedAt().orElse(null));
  }

  static Operation of(Operation o) {
    return Operation.fromStorage(o.stored());
  }

  static Snapshot of(Snapshot s) {
    return Snapshot.fromStorage(
        s.id(),
        s.accountId(),
        s.serverId(),
        s.name(),
        s.description(),
        s.createdAt(),
        s.status(),
        s.sizeMb().isPresent() ? s.sizeMb().getAsLong() : null,
        s.consistency().orElse(null),
        s.progress(),
        s.failureReason().orElse(null),
        s.finishedAt().orElse(null),
        s.labels(),
        s.deleteProtected(),
        s.scheduleId().orElse(null));
  }

  static WebhookEndpoint of(WebhookEndpoint e) {
    return WebhookEndpoint.fromStorage(
        e.id(),
        e.accountId(),
        e.url(),
        e.events(),
        e.description(),
        e.enabled(),
        e.secret(),
        e.previousSecret().orElse(null),
        e.previousSecretUntil().orElse(null),
        e.failingSince().orElse(null),
        e.disabledReason().orElse(null),
        e.createdAt());
  }

  static WebhookDelivery of(WebhookDelivery d) {
    return heldUntil(d, d.nextAttemptAt().orElse(null));
  }

  /** The delivery with its next attempt moved, as a claim does. */
  static WebhookDelivery heldUntil(WebhookDelivery d, java.time.Instant nextAttemptAt) {
    return WebhookDelivery.fromStorage(
        d.id(),
        d.endpointId(),
        d.accountId(),
        d.eventId(),
        d.eventType(),
        d.body(),
        d.eventAt(),
        d.createdAt(),
        d.status(),
        d.attempts(),
        nextAttemptAt,
        d.lastAttemptAt().orElse(null),
        d.lastStatusCode().orElse(null),
        d.lastDurationMs().orElse(null),
        d.lastError().orElse(null));
  }
}
