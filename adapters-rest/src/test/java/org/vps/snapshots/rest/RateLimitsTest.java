package org.vps.snapshots.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.domain.AccountId;

class RateLimitsTest {
  private final AtomicLong now = new AtomicLong();
  private final RateLimits limits =
      new RateLimits(
          true,
          new RateLimits.Budget(2, 1),
          new RateLimits.Budget(1, 1),
          new RateLimits.Budget(1, 1),
          now::get);

  @Test
  void readsWritesAndAccountsEachHaveTheirOwnBudget() {
    AccountId acme = new AccountId(1);
    AccountId globex = new AccountId(2);

    assertThat(limits.charge(acme, false).orElseThrow().admitted()).isTrue();
    assertThat(limits.charge(acme, false).orElseThrow().admitted()).isTrue();
    assertThat(limits.charge(acme, false).orElseThrow().admitted()).isFalse();
    assertThat(limits.charge(acme, true).orElseThrow().admitted()).isTrue();
    assertThat(limits.charge(acme, true).orElseThrow().admitted()).isFalse();
    assertThat(limits.charge(globex, false).orElseThrow().admitted()).isTrue();
  }

  @Test
  void anAddressIsChargedOnlyForTheUnknownTokensItPresents() {
    assertThat(limits.guessesLeft("10.0.0.1").orElseThrow().admitted()).isTrue();
    assertThat(limits.guessesLeft("10.0.0.1").orElseThrow().admitted()).isTrue();
    limits.chargeGuess("10.0.0.1");

    assertThat(limits.guessesLeft("10.0.0.1").orElseThrow().admitted()).isFalse();
    assertThat(limits.guessesLeft("10.0.0.2").orElseThrow().admitted()).isTrue();
  }

  @Test
  void switchedOffNothingIsCountedAndNoHeadersAreGiven() {
    RateLimits off =
        new RateLimits(
            false,
            new RateLimits.Budget(1, 1),
            new RateLimits.Budget(1, 1),
            new RateLimits.Budget(1, 1),
            now::get);

    assertThat(off.charge(new AccountId(1), true)).isEmpty();
    assertThat(off.chargeGuess("10.0.0.1")).isEmpty();
    assertThat(off.guessesLeft("10.0.0.1")).isEmpty();
  }
}
