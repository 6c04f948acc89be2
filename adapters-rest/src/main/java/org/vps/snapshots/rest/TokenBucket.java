package org.vps.snapshots.rest;

/**
 * A budget of requests: it holds at most {@code burst} tokens, gains {@code perSecond} a second,
 * and each request takes one.
 */
final class TokenBucket {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double burst;
  private final double perNano;
  private double tokens;
  private long updated;

  TokenBucket(double burst, double perSecond, long now) {
    if (burst < 1 || perSecond <= 0) {
      throw new IllegalArgumentException("a budget needs a burst of at least 1 and a rate above 0");
    }
    this.burst = burst;
    this.perNano = perSecond / NANOS_PER_SECOND;
    this.tokens = burst;
    this.updated = now;
  }

  /** Takes a token if there is one; either way answers the budget as it then stands. */
  synchronized Allowance take(long now) {
    refill(now);
    boolean admitted = tokens >= 1;
    if (admitted) {
      tokens -= 1;
    }
    return allowance(admitted);
  }

  /** The budget as it stands, taking nothing. */
  synchronized Allowance peek(long now) {
    refill(now);
    return allowance(tokens >= 1);
  }

  /** Whether the bucket is full: then it is no different from a new one and may be forgotten. */
  synchronized boolean full(long now) {
    refill(now);
    return tokens >= burst;
  }

  private void refill(long now) {
    if (now > updated) {
      tokens = Math.min(burst, tokens + (now - updated) * perNano);
      updated = now;
    }
  }

  private Allowance allowance(boolean admitted) {
    long untilFull = seconds((burst - tokens) / perNano);
    long untilNext = tokens >= 1 ? 0 : Math.max(1, seconds((1 - tokens) / perNano));
    return new Allowance(admitted, (long) burst, (long) Math.floor(tokens), untilFull, untilNext);
  }

  private static long seconds(double nanos) {
    return (long) Math.ceil(nanos / NANOS_PER_SECOND);
  }

  /**
   * A request's standing against its budget: the answer's {@code RateLimit-Limit}, {@code
   * -Remaining} and {@code -Reset} (seconds until the budget is whole again) headers, and when it
   * was refused, the seconds to wait for {@code Retry-After}.
   */
  record Allowance(
      boolean admitted, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {}
}
