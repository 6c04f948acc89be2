package org.vps.snapshots.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFullBucketAdmitsItsBurstThenRefusesUntilItRefills() {
    TokenBucket bucket = new TokenBucket(3, 0.5, 0);

    assertThat(bucket.take(0)).isEqualTo(new TokenBucket.Allowance(true, 3, 2, 2, 0));
    assertThat(bucket.take(0).remaining()).isEqualTo(1);
    assertThat(bucket.take(0)).isEqualTo(new TokenBucket.Allowance(true, 3, 0, 6, 2));
    TokenBucket.Allowance refused = bucket.take(SECOND);
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(refused.resetSeconds()).isEqualTo(5);

    assertThat(bucket.take(2 * SECOND).admitted()).isTrue();
    assertThat(bucket.take(2 * SECOND).admitted()).isFalse();
  }

  @Test
  void itNeverHoldsMoreThanItsBurstAndPeekingTakesNothing() {
    TokenBucket bucket = new TokenBucket(2, 100, 0);
    bucket.take(0);

    assertThat(bucket.peek(3600 * SECOND)).isEqualTo(new TokenBucket.Allowance(true, 2, 2, 0, 0));
    assertThat(bucket.full(3600 * SECOND)).isTrue();
    assertThat(bucket.take(3600 * SECOND).remaining()).isEqualTo(1);
    assertThat(bucket.full(3600 * SECOND)).isFalse();
  }

  @Test
  void aClockGoingBackAddsNothing() {
    TokenBucket bucket = new TokenBucket(1, 1, 10 * SECOND);
    bucket.take(10 * SECOND);

    assertThat(bucket.take(0).admitted()).isFalse();
    assertThat(bucket.take(11 * SECOND).admitted()).isTrue();
  }

  @Test
  void aBudgetThatCanAdmitNothingIsAConfigurationError() {
    assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBucket(5, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
