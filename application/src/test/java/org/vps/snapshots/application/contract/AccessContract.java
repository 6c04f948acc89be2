package org.vps.snapshots.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Caller;
import org.vps.snapshots.application.port.IdempotencyKey;
import org.vps.snapshots.application.port.IdempotencyRecord;
import org.vps.snapshots.application.port.IdempotencyRecord.StoredResponse;
import org.vps.snapshots.application.port.TokenHash;
import org.vps.snapshots.application.port.TokenScope;
import org.vps.snapshots.domain.AccountId;

/**
 * The contracts of the {@code Accounts}, {@code ApiTokens} and {@code IdempotencyRecords} ports.
 */
public abstract class AccessContract extends PortContract {

  @Test
  void accountsExistOnceAdded() {
    AccountId account = newAccount();

    assertThat(inTransaction(() -> ports().accounts().exists(account))).isTrue();
    assertThat(inTransaction(() -> ports().accounts().exists(new AccountId(Long.MAX_VALUE))))
        .isFalse();
  }

  @Test
  void aTokenIsFoundByItsHashUntilRevoked() {
    AccountId account = newAccount();
    TokenHash hash = TokenHash.of("snp_" + UUID.randomUUID());
    long id =
        inTransaction(() -> ports().apiTokens().add(account, hash, TokenScope.READ, Instant.now()));

    assertThat(inTransaction(() -> ports().apiTokens().findActive(hash)))
        .contains(new Caller(account, TokenScope.READ, id));

    assertThat(inTransaction(() -> ports().apiTokens().revoke(id, Instant.now()))).isTrue();
    assertThat(inTransaction(() -> ports().apiTokens().findActive(hash))).isEmpty();
    assertThat(inTransaction(() -> ports().apiTokens().revoke(id, Instant.now()))).isTrue();
    assertThat(inTransaction(() -> ports().apiTokens().revoke(Long.MAX_VALUE, Instant.now())))
        .isFalse();
  }

  @Test
  void anIdempotencyRecordIsFoundWhileFreshAndReplacedWhenSavedAgain() {
    AccountId account = newAccount();
    IdempotencyKey key = new IdempotencyKey("key-" + UUID.randomUUID());
    Instant stored = Instant.now().truncatedTo(ChronoUnit.MICROS);
    IdempotencyRecord first =
        new IdempotencyRecord(account, key, "fp-1", new StoredResponse(201, "{\"id\":1}"), stored);

    inTransaction(() -> ports().idempotencyRecords().save(first));

    assertThat(
            inTransaction(
                () -> ports().idempotencyRecords().find(account, key, stored.minusSeconds(1))))
        .contains(first);
    assertThat(
            inTransaction(
                () -> ports().idempotencyRecords().find(account, key, stored.plusSeconds(1))))
        .isEmpty();
    assertThat(
            inTransaction(
                () -> ports().idempotencyRecords().find(newAccount(), key, stored.minusSeconds(1))))
        .isEmpty();

    IdempotencyRecord second =
        new IdempotencyRecord(
            account, key, "fp-2", new StoredResponse(200, "{}"), stored.plusSeconds(5));
    inTransaction(() -> ports().idempotencyRecords().save(second));
    assertThat(inTransaction(() -> ports().idempotencyRecords().find(account, key, stored)))
        .contains(second);
  }

  @Test
  void recordsStoredBeforeATimeAreDeletedAndLaterOnesKept() {
    AccountId account = newAccount();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    IdempotencyKey old = new IdempotencyKey("old-" + UUID.randomUUID());
    IdempotencyKey fresh = new IdempotencyKey("fresh-" + UUID.randomUUID());
    inTransaction(
        () -> {
          ports()
              .idempotencyRecords()
              .save(
                  new IdempotencyRecord(
                      account, old, "fp", new StoredResponse(201, "{}"), now.minusSeconds(90_000)));
          ports()
              .idempotencyRecords()
              .save(
                  new IdempotencyRecord(account, fresh, "fp", new StoredResponse(201, "{}"), now));
          return null;
        });

    int removed =
        inTransaction(
            () -> ports().idempotencyRecords().removeStoredBefore(now.minusSeconds(86_400)));

    assertThat(removed).isPositive();
    assertThat(inTransaction(() -> ports().idempotencyRecords().find(account, old, Instant.EPOCH)))
        .isEmpty();
    assertThat(
            inTransaction(() -> ports().idempotencyRecords().find(account, fresh, Instant.EPOCH)))
        .isPresent();
  }

  @Test
  void aKeyClaimedInATransactionIsFreeAgainAfterIt() {
    AccountId account = newAccount();
    IdempotencyKey key = new IdempotencyKey("claim-" + UUID.randomUUID());

    assertThat(inTransaction(() -> ports().idempotencyRecords().tryClaim(account, key))).isTrue();
    assertThat(inTransaction(() -> ports().idempotencyRecords().tryClaim(account, key))).isTrue();
  }
}
