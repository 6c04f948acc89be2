package org.vps.snapshots.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;
import org.vps.snapshots.domain.AccountId;

/**
 * Per-account budgets of the customer API, as token buckets kept by this node: one for reads, one
 * for writes; and one per client address for presenting unknown tokens, looked at before a token is
 * looked up in the database, so that guessing costs it nothing.
 */
@ApplicationScoped
public class RateLimits {
  private static final Logger LOG = Logger.getLogger(RateLimits.class);
  static final int MAX_BUCKETS = 200_000;

  private final boolean enabled;
  private final Budget reads;
  private final Budget writes;
  private final Budget guesses;
  private final LongSupplier nanoTime;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  /** A bucket's size and how fast it fills. */
  record Budget(double burst, double perSecond) {}

  @Inject
  public RateLimits(RestConfig config) {
    this(
        config.rateLimit().enabled(),
        new Budget(config.rateLimit().read().burst(), config.rateLimit().read().perSecond()),
        new Budget(config.rateLimit().write().burst(), config.rateLimit().write().perSecond()),
        new Budget(
            config.rateLimit().unknownToken().burst(),
            config.rateLimit().unknownToken().perSecond()),
        System::nanoTime);
  }

  RateLimits(boolean enabled, Budget reads, Budget writes, Budget guesses, LongSupplier nanoTime) {
    this.enabled = enabled;
    this.reads = reads;
    this.writes = writes;
    this.guesses = guesses;
    this.nanoTime = nanoTime;
    // A budget that cannot be built is a configuration error, found at start rather than later.
    for (Budget budget : new Budget[] {reads, writes, guesses}) {
      new TokenBucket(budget.burst(), budget.perSecond(), 0);
    }
  }

  /** Takes one request from the account's read or write budget; empty when limits are off. */
  Optional<TokenBucket.Allowance> charge(AccountId account, boolean write) {
    if (!enabled) {
      return Optional.empty();
    }
    String key = (write ? "w:" : "r:") + account.value();
    return Optional.of(bucket(key, write ? writes : reads).take(nanoTime.getAsLong()));
  }

  /** What unknown tokens from this address may still cost, taking nothing. */
  Optional<TokenBucket.Allowance> guessesLeft(String address) {
    if (!enabled) {
      return Optional.empty();
    }
    return Optional.of(bucket("g:" + address, guesses).peek(nanoTime.getAsLong()));
  }

  /** Charges an unknown token to the address it came from. */
  Optional<TokenBucket.Allowance> chargeGuess(String address) {
    if (!enabled) {
      return Optional.empty();
    }
    return Optional.of(bucket("g:" + address, guesses).take(nanoTime.getAsLong()));
  }

  private TokenBucket bucket(String key, Budget budget) {
    TokenBucket bucket = buckets.get(key);
    if (bucket != null) {
      return bucket;
    }
    if (buckets.size() >= MAX_BUCKETS) {
      forgetIdle();
    }
    return buckets.computeIfAbsent(
        key, k -> new TokenBucket(budget.burst(), budget.perSecond(), nanoTime.getAsLong()));
  }

  /** Full buckets are as good as new ones; if that frees too little, every budget starts over. */
  private synchronized void forgetIdle() {
    long now = nanoTime.getAsLong();
    buckets.values().removeIf(bucket -> bucket.full(now));
    if (buckets.size() >= MAX_BUCKETS * 9 / 10) {
      LOG.warnf("%d callers are being limited at once; every budget starts over", buckets.size());
      buckets.clear();
    }
  }
}
