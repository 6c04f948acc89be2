package org.vps.snapshots.application.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.vps.snapshots.domain.SnapshotEvent;

/** Events kept in the same transaction as the change they tell of, to be published afterwards. */
public interface Outbox {

  void append(List<SnapshotEvent> events);

  /**
   * The oldest unpublished events, in the order they were appended, locked for this transaction;
   * empty when another relay holds the outbox right now, so that one relay publishes at a time and
   * one server's events never overtake each other.
   */
  List<Pending> claimOldest(int max);

  /** Removes events that were published. */
  void remove(List<Pending> published);

  /** How many events wait, and since when the oldest. */
  Backlog backlog();

  /** An event waiting in the outbox, with its place in the order. */
  record Pending(long position, SnapshotEvent event) {}

  /** The unpublished events. */
  record Backlog(long count, Optional<Instant> oldest) {}
}
