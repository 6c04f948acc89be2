package org.vps.snapshots.deploy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.vps.snapshots.application.schedule.SchedulePolicy;
import org.vps.snapshots.application.webhook.WebhookPolicy;
import org.vps.snapshots.application.work.WorkPolicy;
import org.vps.snapshots.domain.snapshot.SnapshotQuota;
import org.vps.snapshots.domain.webhook.RetrySchedule;
import org.vps.snapshots.messaging.MessagingConfig;
import org.vps.snapshots.persistence.RememberedApiTokens;

/** What the application's use cases take from the running service. */
@ApplicationScoped
public class Wiring {

  @Produces
  @Singleton
  Clock clock() {
    // PostgreSQL keeps microseconds: times read back must equal the times written.
    return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
  }

  @Produces
  @Singleton
  WorkPolicy workPolicy(ServiceConfig config) {
    ServiceConfig.Worker worker = config.worker();
    return new WorkPolicy(
        worker.maxAttempts(),
        worker.firstBackoff(),
        worker.leaseTime(),
        config.operationDeadline(),
        worker.progressInterval());
  }

  @Produces
  @Singleton
  RememberedApiTokens.CacheTime tokenCacheTime(ServiceConfig config) {
    return new RememberedApiTokens.CacheTime(config.auth().tokenCacheTime());
  }

  @Produces
  @Singleton
  WebhookPolicy webhookPolicy(MessagingConfig config) {
    MessagingConfig.Webhooks webhooks = config.webhooks();
    MessagingConfig.Webhooks.Retry retry = webhooks.retry();
    return new WebhookPolicy(
        new RetrySchedule(
            retry.first(), retry.factor(), retry.longest(), retry.giveUpAfter(), retry.jitter()),
        webhooks.disableAfter(),
        webhooks.secretGrace(),
        webhooks.sendLease(),
        webhooks.perEndpoint(),
        webhooks.allowInsecure());
  }

  @Produces
  @Singleton
  SchedulePolicy schedulePolicy(ServiceConfig config) {
    ServiceConfig.Schedules schedules = config.schedules();
    return new SchedulePolicy(schedules.retryEvery(), schedules.retryWindow(), schedules.batch());
  }

  @Produces
  @Singleton
  SnapshotQuota quota(ServiceConfig config) {
    return new SnapshotQuota(config.limitPerServer());
  }
}
