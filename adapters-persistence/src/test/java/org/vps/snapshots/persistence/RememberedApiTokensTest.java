package org.vps.snapshots.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.fake.InMemoryStore;
import org.vps.snapshots.application.fake.MutableClock;
import org.vps.snapshots.application.port.AccountName;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.application.port.Caller;
import org.vps.snapshots.application.port.TokenHash;
import org.vps.snapshots.application.port.TokenScope;
import org.vps.snapshots.domain.AccountId;

class RememberedApiTokensTest {
  static final TokenHash HASH = TokenHash.of("snp_remembered");

  final MutableClock clock = new MutableClock(Instant.parse("2025-01-16T16:15:00Z"));
  final InMemoryStore store = new InMemoryStore();
  final OneTransaction transaction = new OneTransaction();
  final RememberedApiTokens tokens =
      new RememberedApiTokens(
          store.apiTokens,
          clock,
          new RememberedApiTokens.CacheTime(Duration.ofSeconds(10)),
          transaction);

  @Test
  void aTokenFoundActiveIsAnsweredFromMemoryUntilTheCacheTimePasses() {
    AccountId account = store.accounts.add(new AccountName("acme"));
    long id = tokens.add(account, HASH, TokenScope.WRITE, clock.instant());
    assertThat(tokens.findRemembered(HASH)).isEmpty();

    assertThat(tokens.findActive(HASH)).isPresent();
    // Revoked behind this node's back, as another replica would: remembered until the time passes.
    store.apiTokens.revoke(id, clock.instant());
    assertThat(tokens.findRemembered(HASH))
        .hasValueSatisfying(c -> assertThat(c.tokenId()).isEqualTo(id));
    clock.advance(Duration.ofSeconds(10));
    assertThat(tokens.findRemembered(HASH)).isEmpty();
    assertThat(tokens.findActive(HASH)).isEmpty();
  }

  @Test
  void aTokenRevokedHereIsForgottenAtOnceAndAgainWhenTheRevocationCommits() {
    Caller caller = new Caller(new AccountId(7), TokenScope.READ, 1);
    // Until the revocation commits, the store still answers the token as active to other requests.
    ApiTokens uncommitted =
        new ApiTokens() {
          @Override
          public long add(AccountId account, TokenHash hash, TokenScope scope, Instant at) {
            return caller.tokenId();
          }

          @Override
          public Optional<Caller> findActive(TokenHash hash) {
            return Optional.of(caller);
          }

          @Override
          public boolean revoke(long tokenId, Instant revokedAt) {
            return true;
          }
        };
    RememberedApiTokens remembering =
        new RememberedApiTokens(
            uncommitted,
            clock,
            new RememberedApiTokens.CacheTime(Duration.ofSeconds(10)),
            transaction);
    remembering.findActive(HASH);

    transaction.status = Status.STATUS_ACTIVE;
    assertThat(remembering.revoke(caller.tokenId(), clock.instant())).isTrue();
    assertThat(remembering.findRemembered(HASH)).isEmpty();
    remembering.findActive(HASH);
    assertThat(remembering.findRemembered(HASH)).isPresent();
    transaction.commit();
    assertThat(remembering.findRemembered(HASH)).isEmpty();
  }

  @Test
  void unknownTokensAndAZeroCacheTimeRememberNothing() {
    AccountId account = store.accounts.add(new AccountName("acme"));
    assertThat(tokens.findActive(HASH)).isEmpty();
    assertThat(tokens.findRemembered(HASH)).isEmpty();

    RememberedApiTokens forgetful =
        new RememberedApiTokens(
            store.apiTokens, clock, new RememberedApiTokens.CacheTime(Duration.ZERO), transaction);
    forgetful.add(account, HASH, TokenScope.READ, clock.instant());
    assertThat(forgetful.findActive(HASH)).isPresent();
    assertThat(forgetful.findRemembered(HASH)).isEmpty();
  }

  /** One transaction at a time, committed by the test. */
  static final class OneTransaction implements TransactionSynchronizationRegistry {
    int status = Status.STATUS_NO_TRANSACTION;
    final List<Synchronization> synchronizations = new ArrayList<>();

    void commit() {
      synchronizations.forEach(Synchronization::beforeCompletion);
      status = Status.STATUS_COMMITTED;
      synchronizations.forEach(s -> s.afterCompletion(Status.STATUS_COMMITTED));
      synchronizations.clear();
      status = Status.STATUS_NO_TRANSACTION;
    }

    @Override
    public Object getTransactionKey() {
      return status == Status.STATUS_NO_TRANSACTION ? null : this;
    }

    @Override
    public void putResource(Object key, Object value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object getResource(Object key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {
      synchronizations.add(sync);
    }

    @Override
    public int getTransactionStatus() {
      return status;
    }

    @Override
    public void setRollbackOnly() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean getRollbackOnly() {
      return false;
    }
  }
}
