package org.vps.snapshots.application.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import org.vps.snapshots.application.port.WebhookEndpoints;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.webhook.WebhookEndpoint;
import org.vps.snapshots.domain.webhook.WebhookSecret;
import org.vps.snapshots.domain.webhook.WebhookUrl;

/** An account adds an endpoint; its secret is answered this once. */
@ApplicationScoped
public class RegisterWebhook {
  private final WebhookEndpoints endpoints;
  private final WebhookPolicy policy;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  @Inject
  public RegisterWebhook(WebhookEndpoints endpoints, WebhookPolicy policy, Clock clock) {
    this.endpoints = endpoints;
    this.policy = policy;
    this.clock = clock;
  }

  @Transactional
  public WebhookEndpoint execute(Command command) {
    int existing = endpoints.lockCount(command.account());
    WebhookEndpoint endpoint =
        WebhookEndpoint.register(
            endpoints.nextId(),
            command.account(),
            command.url(),
            command.events(),
            command.description(),
            WebhookSecret.generate(random),
            existing,
            policy.insecureAllowed(),
            clock.instant());
    endpoints.add(endpoint);
    return endpoint;
  }

  public record Command(
      AccountId account, WebhookUrl url, Set<EventType> events, Description description) {
    public Command {
      Objects.requireNonNull(account);
      Objects.requireNonNull(url);
      Objects.requireNonNull(events);
      Objects.requireNonNull(description);
    }
  }
}
