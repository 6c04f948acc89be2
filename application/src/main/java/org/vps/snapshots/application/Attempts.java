package org.vps.snapshots.application;

import java.util.function.Supplier;
import org.vps.snapshots.application.port.WorkMonitor;

/** Tries a piece of work up to the policy's number of times, waiting longer after each failure. */
final class Attempts {
  private static final System.Logger LOG = System.getLogger(Attempts.class.getName());

  private Attempts() {}

  /** The work's result, or the last failure once every attempt failed. */
  static <T> T run(
      WorkPolicy policy, WorkMonitor monitor, String kind, String what, Supplier<T> work) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      try {
        return work.get();
      } catch (RuntimeException e) {
        last = e;
        monitor.attemptFailed(kind, attempt, e);
        LOG.log(
            System.Logger.Level.WARNING,
            "{0}: attempt {1} of {2} failed: {3}",
            what,
            attempt,
            policy.maxAttempts(),
            e.getMessage());
        if (attempt < policy.maxAttempts()) {
          pause(policy, attempt);
        }
      }
    }
    throw last;
  }

  private static void pause(WorkPolicy policy, int attempt) {
    try {
      Thread.sleep(policy.backoffAfter(attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }
}
