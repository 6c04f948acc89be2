package org.vps.snapshots.rest;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.vps.snapshots.application.fake.FakeEventPublisher;
import org.vps.snapshots.application.fake.FakeHypervisor;
import org.vps.snapshots.application.fake.InMemorySchedules;
import org.vps.snapshots.application.fake.InMemoryStore;
import org.vps.snapshots.application.fake.InMemoryWebhooks;
import org.vps.snapshots.application.port.Accounts;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.application.port.EventPublisher;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.IdempotencyRecords;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.OutboxSignal;
import org.vps.snapshots.application.port.Schedules;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.SnapshotChanges;
import org.vps.snapshots.application.port.SnapshotQueries;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.application.port.WebhookDeliveries;
import org.vps.snapshots.application.port.WebhookDoorbell;
import org.vps.snapshots.application.port.WebhookEndpoints;
import org.vps.snapshots.application.port.WorkMonitor;
import org.vps.snapshots.application.schedule.SchedulePolicy;
import org.vps.snapshots.application.webhook.WebhookPolicy;
import org.vps.snapshots.application.work.WorkPolicy;
import org.vps.snapshots.domain.snapshot.SnapshotQuota;

/**
 * The application's ports, in memory: the REST adapter's tests start the resources and their use
 * cases without a database, and mock the use cases they look at.
 */
@Singleton
public class FakePorts {
  static final Instant NOW = Instant.parse("2025-01-16T16:15:00Z");

  final InMemoryStore store = new InMemoryStore();
  final InMemoryWebhooks webhooks = new InMemoryWebhooks(Clock.fixed(NOW, ZoneOffset.UTC));

  @Produces
  WebhookEndpoints webhookEndpoints() {
    return webhooks.endpoints;
  }

  @Produces
  WebhookDeliveries webhookDeliveries() {
    return webhooks.deliveries;
  }

  @Produces
  SnapshotChanges snapshotChanges() {
    return (snapshot, listener) -> () -> {};
  }

  @Produces
  WebhookDoorbell webhookDoorbell() {
    return webhooks.doorbell;
  }

  @Produces
  WebhookPolicy webhookPolicy() {
    return InMemoryWebhooks.DEFAULT_POLICY;
  }

  final InMemorySchedules schedules = new InMemorySchedules();

  @Produces
  Schedules schedules() {
    return schedules;
  }

  @Produces
  SchedulePolicy schedulePolicy() {
    return SchedulePolicy.DEFAULT;
  }

  @Produces
  Accounts accounts() {
    return store.accounts;
  }

  @Produces
  ApiTokens apiTokens() {
    return store.apiTokens;
  }

  @Produces
  Servers servers() {
    return store.servers;
  }

  @Produces
  Snapshots snapshots() {
    return store.snapshots;
  }

  @Produces
  SnapshotQueries snapshotQueries() {
    return store.snapshotQueries;
  }

  @Produces
  Outbox outbox() {
    return store.outboxPort;
  }

  @Produces
  Operations operations() {
    return store.operations;
  }

  @Produces
  IdempotencyRecords idempotencyRecords() {
    return store.idempotencyRecords;
  }

  @Produces
  @Singleton
  EventPublisher eventPublisher() {
    return new FakeEventPublisher();
  }

  @Produces
  @Singleton
  Hypervisor hypervisor() {
    return new FakeHypervisor();
  }

  @Produces
  OutboxSignal outboxSignal() {
    return max -> false;
  }

  @Produces
  WorkMonitor workMonitor() {
    return (work, attempt, failure) -> {};
  }

  @Produces
  Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  @Produces
  WorkPolicy workPolicy() {
    return new WorkPolicy(
        3,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofMinutes(30),
        Duration.ofSeconds(1));
  }

  @Produces
  SnapshotQuota quota() {
    return new SnapshotQuota(5);
  }
}
