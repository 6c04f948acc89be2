package org.vps.snapshots.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.idempotency.Idempotently.Outcome;
import org.vps.snapshots.application.port.IdempotencyKey;
import org.vps.snapshots.application.port.IdempotencyRecord.StoredResponse;
import org.vps.snapshots.domain.AccountId;

class IdempotentlyTest {
  final UseCases app = new UseCases();
  final AccountId acme = app.account("acme");
  final IdempotencyKey key = new IdempotencyKey("retry-me-1");
  final AtomicInteger runs = new AtomicInteger();

  Outcome run(AccountId account, String fingerprint) {
    Outcome outcome =
        app.idempotently.run(
            account,
            key,
            fingerprint,
            () -> new StoredResponse(201, "{\"run\":" + runs.incrementAndGet() + "}"));
    app.store.commit();
    return outcome;
  }

  @Test
  void theSameRequestAgainGetsTheFirstAnswerAndRunsNothing() {
    Outcome first = run(acme, "body-a");
    Outcome again = run(acme, "body-a");

    assertThat(first).isEqualTo(new Outcome.Executed(new StoredResponse(201, "{\"run\":1}")));
    assertThat(again).isEqualTo(new Outcome.Replayed(new StoredResponse(201, "{\"run\":1}")));
    assertThat(runs).hasValue(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIsRefused() {
    run(acme, "body-a");

    assertThat(run(acme, "body-b")).isInstanceOf(Outcome.KeyReused.class);
    assertThat(runs).hasValue(1);
  }

  @Test
  void keysBelongToOneAccount() {
    run(acme, "body-a");

    assertThat(run(app.account("other"), "body-a")).isInstanceOf(Outcome.Executed.class);
    assertThat(runs).hasValue(2);
  }

  @Test
  void aKeyHeldByARequestInFlightIsNotRunAgain() {
    assertThat(app.store.idempotencyRecords.tryClaim(acme, key)).isTrue();

    Outcome outcome =
        app.idempotently.run(
            acme, key, "body-a", () -> new StoredResponse(201, "" + runs.incrementAndGet()));

    assertThat(outcome).isInstanceOf(Outcome.InFlight.class);
    assertThat(runs).hasValue(0);
  }

  @Test
  void after24HoursTheKeyRunsAgain() {
    run(acme, "body-a");
    app.clock.advance(Duration.ofHours(24).plusSeconds(1));

    assertThat(run(acme, "body-b")).isInstanceOf(Outcome.Executed.class);
    assertThat(runs).hasValue(2);
  }
}
