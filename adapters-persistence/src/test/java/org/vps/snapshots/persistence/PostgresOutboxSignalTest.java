package org.vps.snapshots.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The relay's wait where PostgreSQL cannot be reached: no database is needed for it. */
class PostgresOutboxSignalTest {
  /** Nothing listens on port 1: every attempt to listen fails at once. */
  private final PostgresOutboxSignal signal =
      new PostgresOutboxSignal(
          new OwnConnections(
              "jdbc:postgresql://127.0.0.1:1/snapshots", Optional.empty(), Optional.empty()));

  /**
   * A relay that cannot listen waits out its poll interval; a node's stop closes the signal's
   * session meanwhile, and must not wait for that interval (it did: the wait held the lock).
   */
  @Test
  void aStopIsNotHeldUpByARelayWaitingWithoutPostgres() throws Exception {
    CompletableFuture<Boolean> waited = new CompletableFuture<>();
    Thread relay =
        new Thread(
            () -> {
              try {
                waited.complete(signal.await(Duration.ofSeconds(60)));
              } catch (InterruptedException e) {
                waited.completeExceptionally(e);
              }
            });
    relay.start();
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> relay.getState() == Thread.State.TIMED_WAITING);

      CompletableFuture<Void> closed = CompletableFuture.runAsync(signal::close);

      assertThat(closed).succeedsWithin(Duration.ofSeconds(5));
      assertThat(waited).isNotDone();
    } finally {
      relay.interrupt();
      relay.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertThat(relay.isAlive()).isFalse();
    assertThat(waited).isCompletedExceptionally();
  }
}
