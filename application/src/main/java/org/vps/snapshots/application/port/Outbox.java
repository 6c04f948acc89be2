package org.vps.snapshots.application.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.event.SnapshotEvent;

/**
 * Messages kept in the same transaction as the change they tell of, to be published afterwards:
 * events for subscribers, and work for the workers.
 */
public interface Outbox {

  void append(List<SnapshotEvent> events);

  /** A notice (a webhook endpoint's, a schedule run's), published among the events. */
  void appendNotice(org.vps.snapshots.domain.event.Notice notice);

  /** Tells the workers that operation {@code operation} of {@code server} waits for one of them. */
  void appendWork(OperationId operation, ServerId server);

  /**
   * The events of a change that starts operation {@code operation} of {@code server}, then its
   * work; a store may write them at once.
   */
  default void append(List<SnapshotEvent> events, OperationId operation, ServerId server) {
    append(events);
    appendWork(operation, server);
  }

  /** The events and work of several changes that each start an operation, in their order. */
  default void appendStarts(List<Start> starts) {
    starts.forEach(start -> append(start.events(), start.operation(), start.server()));
  }

  /** A change that starts operation {@code operation} of {@code server}, with its events. */
  record Start(List<SnapshotEvent> events, OperationId operation, ServerId server) {
    public Start {
      events = List.copyOf(events);
    }
  }

  /**
   * The oldest unpublished messages of one partition of the outbox, in the order they were
   * appended, the partition locked for this transaction. All of one server's messages share a
   * partition, so they never overtake each other, while relays on other nodes publish other
   * partitions meanwhile; empty when every partition with messages is held by another relay. A
   * message that cannot be read back is moved to the quarantine in the same transaction instead, so
   * that it never stops the others.
   */
  List<Pending> claimOldest(int max);

  /** The quarantined messages, oldest first. */
  List<Quarantined> quarantined(int max);

  /** Puts a quarantined message back in the outbox, at its end; false when there is no such one. */
  boolean requeue(long position);

  /** Deletes a quarantined message for good; false when there is no such one. */
  boolean drop(long position);

  /** Removes messages that were published. */
  void remove(List<Pending> published);

  /** How many messages wait, and since when the oldest. */
  Backlog backlog();

  /** What the outbox carries. */
  sealed interface Message permits Event, Work, Notice {
    /**
     * What the message is about (a server's id, or a webhook's): messages with one key keep their
     * order.
     */
    String key();

    Instant occurredAt();
  }

  /** An event for subscribers of the public topic. */
  record Event(SnapshotEvent event) implements Message {
    @Override
    public String key() {
      return Long.toString(event.serverId().value());
    }

    @Override
    public Instant occurredAt() {
      return event.occurredAt();
    }
  }

  /** A doorbell for the workers: it names an operation and carries nothing a worker acts on. */
  record Work(OperationId operation, ServerId server, Instant occurredAt) implements Message {
    @Override
    public String key() {
      return Long.toString(server.value());
    }
  }

  /** A notice for subscribers of the public topic. */
  record Notice(org.vps.snapshots.domain.event.Notice notice) implements Message {
    @Override
    public String key() {
      return notice.key();
    }

    @Override
    public Instant occurredAt() {
      return notice.occurredAt();
    }
  }

  /** A message waiting in the outbox, with its place in the order. */
  record Pending(long position, Message message) {}

  /** The unpublished messages, and how many were set aside as unreadable. */
  record Backlog(long count, Optional<Instant> oldest, long quarantined) {}

  /** A message set aside because it could not be read back, and why. */
  record Quarantined(
      long position, String type, String key, Instant occurredAt, String reason, Instant since) {}
}
