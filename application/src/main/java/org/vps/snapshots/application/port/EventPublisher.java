package org.vps.snapshots.application.port;

import java.util.List;
import org.vps.snapshots.domain.SnapshotEvent;

/** Publishes events to subscribers, in order; returns once the bus has acknowledged all of them. */
public interface EventPublisher {

  /** Throws when any event could not be published; then none counts as published. */
  void publish(List<SnapshotEvent> events);
}
