package org.vps.snapshots.application.port;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Publishes the outbox's messages, in order: events to subscribers, work to the workers, and
 * answers which of them the bus acknowledged.
 */
public interface EventPublisher {

  /**
   * Sends the messages and returns once each was acknowledged or given up, never while a send is
   * still under way: a message given up and sent again later then reaches the bus at most twice.
   * The messages' positions tell a message sent again from a new one.
   */
  Delivery publish(List<Outbox.Pending> batch);

  /** Which messages of a batch the bus acknowledged, by position, and why the others were not. */
  record Delivery(BitSet acknowledged, int size, Optional<String> failure) {
    public static Delivery all(int size) {
      BitSet acknowledged = new BitSet(size);
      acknowledged.set(0, size);
      return new Delivery(acknowledged, size, Optional.empty());
    }

    public static Delivery none(int size, String failure) {
      return new Delivery(new BitSet(size), size, Optional.of(failure));
    }

    public boolean acknowledged(int position) {
      return acknowledged.get(position);
    }

    public boolean complete() {
      return acknowledged.cardinality() == size;
    }
  }
}
