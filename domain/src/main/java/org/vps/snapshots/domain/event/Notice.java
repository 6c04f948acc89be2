package org.vps.snapshots.domain.event;

import java.time.Instant;
import java.util.UUID;
import org.vps.snapshots.domain.AccountId;

/**
 * An event about something other than one snapshot's operations (a webhook endpoint, a schedule's
 * run), published among the snapshot events.
 */
public interface Notice {
  UUID eventId();

  Instant occurredAt();

  AccountId accountId();

  EventType type();

  /** What the notice is about, as the topic's record key: notices with one key keep their order. */
  String key();

  /** What the notice is about, as a CloudEvents subject. */
  String subject();
}
