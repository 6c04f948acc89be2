package org.vps.snapshots.application.fake;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.vps.snapshots.application.port.EventPublisher;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.domain.event.SnapshotEvent;

/**
 * A bus that keeps what it was given, or refuses everything (or some messages) while it is down.
 */
public final class FakeEventPublisher implements EventPublisher {
  private final List<SnapshotEvent> published = new ArrayList<>();
  private Predicate<Outbox.Message> refused = m -> false;

  public void down(boolean down) {
    refuse(m -> down);
  }

  /** Refuses the messages that match, acknowledging the others. */
  public synchronized void refuse(Predicate<Outbox.Message> refused) {
    this.refused = refused;
  }

  public synchronized List<SnapshotEvent> published() {
    return List.copyOf(published);
  }

  @Override
  public synchronized Delivery publish(List<Outbox.Pending> batch) {
    List<Outbox.Message> messages = batch.stream().map(Outbox.Pending::message).toList();
    BitSet acknowledged = new BitSet(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      Outbox.Message message = messages.get(i);
      if (refused.test(message)) {
        continue;
      }
      acknowledged.set(i);
      if (message instanceof Outbox.Event event) {
        published.add(event.event());
      }
    }
    return new Delivery(
        acknowledged,
        messages.size(),
        acknowledged.cardinality() == messages.size()
            ? Optional.empty()
            : Optional.of("broker unreachable"));
  }
}
