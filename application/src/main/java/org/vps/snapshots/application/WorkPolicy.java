package org.vps.snapshots.application;

import java.time.Duration;
import java.util.Objects;

/** How often a worker tries one piece of work, and how long it waits before the next try. */
public record WorkPolicy(int maxAttempts, Duration firstBackoff) {
  public WorkPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("at least one attempt");
    }
    Objects.requireNonNull(firstBackoff);
  }

  /** The wait after attempt {@code attempt} (from 1): doubling each time. */
  Duration backoffAfter(int attempt) {
    return firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 16));
  }
}
