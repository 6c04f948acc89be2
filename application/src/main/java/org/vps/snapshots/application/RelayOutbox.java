package org.vps.snapshots.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import org.vps.snapshots.application.port.EventPublisher;
import org.vps.snapshots.application.port.Outbox;

/**
 * Publishes the oldest waiting messages and removes them only once the bus acknowledged them: a
 * failure leaves them for the next run (at least once), a success never publishes them again.
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

  /** Answers how many messages were published. */
  @Transactional
  public int execute(int batchSize) {
    List<Outbox.Pending> batch = outbox.claimOldest(batchSize);
    if (batch.isEmpty()) {
      return 0;
    }
    publisher.publish(batch.stream().map(Outbox.Pending::message).toList());
    outbox.remove(batch);
    return batch.size();
  }
}
