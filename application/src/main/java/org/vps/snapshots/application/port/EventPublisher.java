package org.vps.snapshots.application.port;

import java.util.List;

/**
 * Publishes the outbox's messages, in order: events to subscribers, work to the workers. Returns
 * once the bus has acknowledged all of them.
 */
public interface EventPublisher {

  /** Throws when any message could not be published; then none counts as published. */
  void publish(List<Outbox.Message> messages);
}
