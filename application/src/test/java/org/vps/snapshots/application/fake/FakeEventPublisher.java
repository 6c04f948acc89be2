package org.vps.snapshots.application.fake;

import java.util.ArrayList;
import java.util.List;
import org.vps.snapshots.application.port.EventPublisher;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.domain.SnapshotEvent;

/** A bus that keeps what it was given, or refuses everything while it is down. */
public final class FakeEventPublisher implements EventPublisher {
  private final List<SnapshotEvent> published = new ArrayList<>();
  private boolean down;

  public void down(boolean down) {
    this.down = down;
  }

  public synchronized List<SnapshotEvent> published() {
    return List.copyOf(published);
  }

  @Override
  public synchronized void publish(List<Outbox.Message> messages) {
    if (down) {
      throw new IllegalStateException("broker unreachable");
    }
    messages.stream()
        .filter(Outbox.Event.class::isInstance)
        .map(m -> ((Outbox.Event) m).event())
        .forEach(published::add);
  }
}
