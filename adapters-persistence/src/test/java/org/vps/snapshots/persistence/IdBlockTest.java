package org.vps.snapshots.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How ids are drawn from blocks, with the sequence's round trip stood in for. */
class IdBlockTest {
  private final IdBlock block = new IdBlock("snapshot_ids");

  @Test
  void aThreadNeverWaitsForAnotherThreadsRoundTrip() throws Exception {
    CountDownLatch fetching = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<Long> slow =
          threads.submit(
              () ->
                  block.next(
                      () -> {
                        fetching.countDown();
                        await(answer);
                        return 1_000;
                      }));
      assertThat(fetching.await(5, TimeUnit.SECONDS)).isTrue();

      Future<Long> other = threads.submit(() -> block.next(() -> 2_000));

      assertThat(other.get(5, TimeUnit.SECONDS)).isEqualTo(2_000);
      answer.countDown();
      assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo(1_000);
      assertThat(block.next(() -> 3_000)).isEqualTo(2_001);
    } finally {
      answer.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void idsDrawnAtOnceByManyThreadsAreUniqueAndUseEachBlock() throws Exception {
    AtomicLong sequence = new AtomicLong(1);
    AtomicLong roundTrips = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Long>>> drawn = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        drawn.add(
            threads.submit(
                () -> {
                  List<Long> ids = new ArrayList<>();
                  for (int i = 0; i < 5_000; i++) {
                    ids.add(
                        block.next(
                            () -> {
                              roundTrips.incrementAndGet();
                              return sequence.getAndAdd(IdBlock.SIZE);
                            }));
                  }
                  return ids;
                }));
      }
      Set<Long> unique = new HashSet<>();
      for (Future<List<Long>> ids : drawn) {
        unique.addAll(ids.get(30, TimeUnit.SECONDS));
      }

      assertThat(unique).hasSize(40_000);
      assertThat(roundTrips.get()).isLessThan(40_000 / IdBlock.SIZE * 2);
    } finally {
      threads.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
