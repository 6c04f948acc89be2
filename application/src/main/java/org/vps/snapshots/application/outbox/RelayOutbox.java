package org.vps.snapshots.application.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vps.snapshots.application.port.EventPublisher;
import org.vps.snapshots.application.port.Outbox;

/**
 * Publishes the oldest waiting messages and removes those the bus acknowledged: a failure leaves a
 * message for the next run (at least once), a success never publishes it again. Of one server's
 * messages of one kind only those before its first failure are removed, so that they reach
 * subscribers in their order when the rest are sent again.
 */
@ApplicationScoped
public class RelayOutbox {
  private final Outbox outbox;
  private final EventPublisher publisher;

  @Inject
  public RelayOutbox(Outbox outbox, EventPublisher publisher) {
    this.outbox = outbox;
    this.publisher = publisher;
  }

  /**
   * How many messages one run published, and why it left some behind; {@code foundNone} when it
   * could claim no message at all (none waits, or other relays hold every partition with some).
   */
  public record Relayed(int published, Optional<String> failure, boolean foundNone) {}

  @Transactional
  public Relayed execute(int batchSize) {
    List<Outbox.Pending> batch = outbox.claimOldest(batchSize);
    if (batch.isEmpty()) {
      return new Relayed(0, Optional.empty(), true);
    }
    EventPublisher.Delivery delivery = publisher.publish(batch);
    List<Outbox.Pending> published = new ArrayList<>(batch.size());
    Set<String> held = new HashSet<>();
    for (int i = 0; i < batch.size(); i++) {
      Outbox.Message message = batch.get(i).message();
      String stream = message.getClass().getSimpleName() + ":" + message.key();
      if (delivery.acknowledged(i) && !held.contains(stream)) {
        published.add(batch.get(i));
      } else {
        held.add(stream);
      }
    }
    outbox.remove(published);
    return new Relayed(
        published.size(), delivery.complete() ? Optional.empty() : delivery.failure(), false);
  }
}
