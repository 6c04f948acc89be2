package org.vps.snapshots.application.work;

import java.time.Duration;
import java.util.Objects;

/**
 * How long-running work is done: how often a worker tries, how long it waits before the next try,
 * how long a lease lasts, how long an operation may take, and how often progress is written.
 */
public record WorkPolicy(
    int maxAttempts,
    Duration firstBackoff,
    Duration leaseTime,
    Duration deadline,
    Duration progressInterval) {
  public WorkPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("at least one attempt");
    }
    Objects.requireNonNull(firstBackoff);
    requirePositive(leaseTime, "the lease time");
    requirePositive(deadline, "the operation deadline");
    Objects.requireNonNull(progressInterval);
  }

  /** The wait after attempt {@code attempt} (from 1): doubling each time. */
  Duration backoffAfter(int attempt) {
    return firstBackoff.multipliedBy(1L << Math.min(Math.max(attempt, 1) - 1, 16));
  }

  /** A holder renews its lease this often, so that a healthy worker never loses it. */
  Duration renewalInterval() {
    return leaseTime.dividedBy(3);
  }

  /**
   * How long a check of the lease taken under the server's work lock stands for a step that changes
   * a disk. Only an expired lease may be taken over, so a check this young (at most a tenth of the
   * lease) proves that the lease is still held; and a stop request asked meanwhile is heard as late
   * as a progress report would hear it anyway.
   */
  Duration stepCheckValidity() {
    Duration tenth = leaseTime.dividedBy(10);
    return progressInterval.compareTo(tenth) < 0 ? progressInterval : tenth;
  }

  /** Why an operation past its deadline failed, in the customer's words. */
  public String deadlineReason() {
    long seconds = deadline.toSeconds();
    String limit = seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " seconds";
    return "The operation did not finish within " + limit + ".";
  }

  private static void requirePositive(Duration duration, String what) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
  }
}
