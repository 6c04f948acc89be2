package org.vps.snapshots.application.port;

import java.time.Duration;

/** Wakes the relay when messages were appended, so that it need not poll the outbox for them. */
public interface OutboxSignal {

  /**
   * Waits until messages may have been appended since the last call, at most {@code max}: true when
   * told so, false when the time ran out (or no signal can be had, and the caller polls).
   */
  boolean await(Duration max) throws InterruptedException;
}
