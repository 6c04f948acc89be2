package org.vps.snapshots.persistence;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.application.port.Caller;
import org.vps.snapshots.application.port.TokenHash;
import org.vps.snapshots.application.port.TokenScope;
import org.vps.snapshots.domain.AccountId;

/**
 * The token store with a memory: every request authenticates, so the caller of a valid token is
 * remembered for a short while and answered without a round trip. A revocation takes effect at once
 * on the node that made it (the token is forgotten when the revocation is written and again once it
 * commits, so that no lookup in between keeps the old answer) and within that while on the others.
 * Unknown and revoked tokens are never remembered.
 */
@Decorator
@Priority(10)
public class RememberedApiTokens implements ApiTokens {
  static final int MAX_REMEMBERED = 100_000;

  private final ApiTokens stored;
  private final Clock clock;
  private final Duration rememberFor;
  private final TransactionSynchronizationRegistry transactions;
  private final Map<TokenHash, Remembered> remembered = new ConcurrentHashMap<>();

  @Inject
  public RememberedApiTokens(
      @Delegate @Any ApiTokens stored,
      Clock clock,
      CacheTime rememberFor,
      TransactionSynchronizationRegistry transactions) {
    this.stored = stored;
    this.clock = clock;
    this.rememberFor = rememberFor.value();
    this.transactions = transactions;
  }

  @Override
  public long add(AccountId account, TokenHash hash, TokenScope scope, Instant issuedAt) {
    return stored.add(account, hash, scope, issuedAt);
  }

  @Override
  public Optional<Caller> findActive(TokenHash hash) {
    Instant now = clock.instant();
    Optional<Caller> caller = stored.findActive(hash);
    if (caller.isPresent() && !rememberFor.isZero()) {
      if (remembered.size() >= MAX_REMEMBERED) {
        remembered.clear();
      }
      remembered.put(hash, new Remembered(caller.get(), now.plus(rememberFor)));
    } else {
      remembered.remove(hash);
    }
    return caller;
  }

  @Override
  public Optional<Caller> findRemembered(TokenHash hash) {
    Remembered known = remembered.get(hash);
    return known != null && clock.instant().isBefore(known.until())
        ? Optional.of(known.caller())
        : Optional.empty();
  }

  @Override
  public boolean revoke(long tokenId, Instant revokedAt) {
    boolean revoked = stored.revoke(tokenId, revokedAt);
    forget(tokenId);
    if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
      transactions.registerInterposedSynchronization(
          new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
              forget(tokenId);
            }
          });
    }
    return revoked;
  }

  private void forget(long tokenId) {
    remembered.values().removeIf(entry -> entry.caller().tokenId() == tokenId);
  }

  private record Remembered(Caller caller, Instant until) {}

  /** How long a valid token's caller is remembered; zero remembers nothing. */
  public record CacheTime(Duration value) {
    public CacheTime {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException("the token cache time cannot be negative");
      }
    }
  }
}
