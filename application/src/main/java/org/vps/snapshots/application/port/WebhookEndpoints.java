package org.vps.snapshots.application.port;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.webhook.WebhookEndpoint;
import org.vps.snapshots.domain.webhook.WebhookId;

/** The accounts' webhook endpoints. */
public interface WebhookEndpoints {
  WebhookId nextId();

  /**
   * How many endpoints {@code account} has, its registrations held back until this transaction
   * ends, so that two at once cannot both pass the limit.
   */
  int lockCount(AccountId account);

  void add(WebhookEndpoint endpoint);

  /** Endpoint {@code id} if {@code account} owns it. */
  Optional<WebhookEndpoint> find(AccountId account, WebhookId id);

  /** Endpoint {@code id}, locked until this transaction ends. */
  Optional<WebhookEndpoint> lock(WebhookId id);

  /** The account's endpoints, oldest first. */
  List<WebhookEndpoint> of(AccountId account);

  /** The enabled endpoints of any of {@code accounts}, each with the events it subscribed to. */
  List<WebhookEndpoint> enabledOf(Set<AccountId> accounts);

  void update(WebhookEndpoint endpoint);

  /** Removes endpoint {@code id} of {@code account} with its deliveries; false if none. */
  boolean remove(AccountId account, WebhookId id);
}
