package org.vps.snapshots.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.InvalidValueException;
import org.vps.snapshots.domain.RandomIds;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.snapshot.Description;

/**
 * Where an account wants some of its events delivered, and the secret they are signed with. An
 * endpoint that has failed every delivery for long enough is disabled until its owner enables it
 * again.
 */
public final class WebhookEndpoint {
  /** The most endpoints one account may have. */
  public static final int MAX_PER_ACCOUNT = 10;

  private final WebhookId id;
  private final AccountId accountId;
  private WebhookUrl url;
  private Set<EventType> events;
  private Description description;
  private boolean enabled;
  private WebhookSecret secret;
  private WebhookSecret previousSecret;
  private Instant previousSecretUntil;
  private Instant failingSince;
  private String disabledReason;
  private final Instant createdAt;

  private WebhookEndpoint(
      WebhookId id,
      AccountId accountId,
      WebhookUrl url,
      Set<EventType> events,
      Description description,
      boolean enabled,
      WebhookSecret secret,
      WebhookSecret previousSecret,
      Instant previousSecretUntil,
      Instant failingSince,
      String disabledReason,
      Instant createdAt) {
    this.id = Objects.requireNonNull(id);
    this.accountId = Objects.requireNonNull(accountId);
    this.url = Objects.requireNonNull(url);
    this.events = checkedEvents(events);
    this.description = Objects.requireNonNull(description);
    this.enabled = enabled;
    this.secret = Objects.requireNonNull(secret);
    this.previousSecret = previousSecret;
    this.previousSecretUntil = previousSecretUntil;
    this.failingSince = failingSince;
    this.disabledReason = disabledReason;
    this.createdAt = Objects.requireNonNull(createdAt);
  }

  /**
   * A new endpoint of an account that has {@code existing} already; refused past {@link
   * #MAX_PER_ACCOUNT}, and for an unsafe URL unless {@code insecureAllowed}.
   */
  public static WebhookEndpoint register(
      WebhookId id,
      AccountId accountId,
      WebhookUrl url,
      Set<EventType> events,
      Description description,
      WebhookSecret secret,
      int existing,
      boolean insecureAllowed,
      Instant now) {
    if (existing >= MAX_PER_ACCOUNT) {
      throw WebhookRuleException.limitReached();
    }
    url.requireSafe(insecureAllowed);
    return new WebhookEndpoint(
        id, accountId, url, events, description, true, secret, null, null, null, null, now);
  }

  /** An endpoint as stored; the one way back from storage. */
  public static WebhookEndpoint fromStorage(
      WebhookId id,
      AccountId accountId,
      WebhookUrl url,
      Set<EventType> events,
      Description description,
      boolean enabled,
      WebhookSecret secret,
      WebhookSecret previousSecret,
      Instant previousSecretUntil,
      Instant failingSince,
      String disabledReason,
      Instant createdAt) {
    return new WebhookEndpoint(
        id,
        accountId,
        url,
        events,
        description,
        enabled,
        secret,
        previousSecret,
        previousSecretUntil,
        failingSince,
        disabledReason,
        createdAt);
  }

  public void moveTo(WebhookUrl newUrl, boolean insecureAllowed) {
    newUrl.requireSafe(insecureAllowed);
    url = newUrl;
  }

  public void subscribe(Set<EventType> newEvents) {
    events = checkedEvents(newEvents);
  }

  public void describe(Description newDescription) {
    description = Objects.requireNonNull(newDescription);
  }

  /** Enabling starts the failure count afresh; disabling by the owner keeps no reason. */
  public void enable(boolean on) {
    enabled = on;
    disabledReason = null;
    if (on) {
      failingSince = null;
    }
  }

  /**
   * Signs with {@code next} from now on; the current secret also signs, and so stays valid to
   * receivers, for {@code grace}.
   */
  public void rotateSecret(WebhookSecret next, Duration grace, Instant now) {
    previousSecret = secret;
    previousSecretUntil = now.plus(grace);
    secret = Objects.requireNonNull(next);
  }

  /** The secrets a delivery sent at {@code now} is signed with: the current one first. */
  public List<WebhookSecret> signingSecrets(Instant now) {
    List<WebhookSecret> secrets = new ArrayList<>(2);
    secrets.add(secret);
    if (previousSecret != null && now.isBefore(previousSecretUntil)) {
      secrets.add(previousSecret);
    }
    return secrets;
  }

  public boolean accepts(EventType type) {
    return enabled && events.contains(type);
  }

  /** A delivery got through: the endpoint is healthy again. */
  public void deliverySucceeded() {
    failingSince = null;
  }

  /**
   * A delivery attempt failed at {@code now}. An endpoint whose every delivery has failed since
   * {@code disableAfter} ago is disabled, and the event telling so is returned.
   */
  public Optional<WebhookEndpointDisabled> deliveryFailed(Instant now, Duration disableAfter) {
    if (failingSince == null) {
      failingSince = now;
    }
    if (!enabled || Duration.between(failingSince, now).compareTo(disableAfter) < 0) {
      return Optional.empty();
    }
    enabled = false;
    disabledReason =
        "Every delivery failed for " + describe(Duration.between(failingSince, now)) + ".";
    return Optional.of(
        new WebhookEndpointDisabled(
            RandomIds.uuid(), now, accountId, id, url.value(), failingSince, disabledReason));
  }

  /** Whether an endpoint in this state changes anything: failures before the first are news. */
  public boolean failing() {
    return failingSince != null;
  }

  private static String describe(Duration duration) {
    long hours = duration.toHours();
    return hours >= 1 ? hours + " h" : Math.max(1, duration.toSeconds()) + " s";
  }

  private static Set<EventType> checkedEvents(Set<EventType> events) {
    if (events == null || events.isEmpty()) {
      throw new InvalidValueException("events", "Select at least one event type.");
    }
    return Collections.unmodifiableSet(EnumSet.copyOf(events));
  }

  public WebhookId id() {
    return id;
  }

  public AccountId accountId() {
    return accountId;
  }

  public WebhookUrl url() {
    return url;
  }

  public Set<EventType> events() {
    return events;
  }

  public Description description() {
    return description;
  }

  public boolean enabled() {
    return enabled;
  }

  public WebhookSecret secret() {
    return secret;
  }

  public Optional<WebhookSecret> previousSecret() {
    return Optional.ofNullable(previousSecret);
  }

  public Optional<Instant> previousSecretUntil() {
    return Optional.ofNullable(previousSecretUntil);
  }

  public Optional<Instant> failingSince() {
    return Optional.ofNullable(failingSince);
  }

  public Optional<String> disabledReason() {
    return Optional.ofNullable(disabledReason);
  }

  public Instant createdAt() {
    return createdAt;
  }
}
