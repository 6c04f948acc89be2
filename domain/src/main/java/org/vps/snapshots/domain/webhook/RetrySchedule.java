package org.vps.snapshots.domain.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a failed delivery is tried again: {@code first} after the first failure, each pause {@code
 * factor} times the one before up to {@code longest}, each moved by up to {@code jitter} of itself
 * either way so that endpoints coming back are not hit by every retry at once; no attempt later
 * than {@code giveUpAfter} since the event.
 */
public record RetrySchedule(
    Duration first, double factor, Duration longest, Duration giveUpAfter, double jitter) {
  public RetrySchedule {
    Objects.requireNonNull(first);
    Objects.requireNonNull(longest);
    Objects.requireNonNull(giveUpAfter);
    if (first.isNegative() || first.isZero() || factor < 1 || jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException(
          "a retry schedule needs a positive first pause, a factor of 1 or more, a jitter in [0, 1)");
    }
  }

  /**
   * The pause after failed attempt number {@code attempts} (from 1), without jitter: what the
   * schedule promises on average.
   */
  public Duration pause(int attempts) {
    double millis = first.toMillis() * Math.pow(factor, Math.max(0, attempts - 1));
    return millis >= longest.toMillis() ? longest : Duration.ofMillis((long) millis);
  }

  /**
   * The next attempt after failed attempt number {@code attempts} at {@code now}, with {@code draw}
   * (in [0, 1)) choosing the jitter; empty when it would fall past the give-up time of an event
   * that happened at {@code eventAt}.
   */
  public Optional<Instant> next(int attempts, Instant eventAt, Instant now, double draw) {
    long pause = pause(attempts).toMillis();
    long jittered = Math.round(pause * (1 - jitter + 2 * jitter * draw));
    Instant next = now.plusMillis(Math.max(1, jittered));
    return next.isAfter(eventAt.plus(giveUpAfter)) ? Optional.empty() : Optional.of(next);
  }
}
