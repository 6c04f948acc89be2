package org.vps.snapshots.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Closed-loop load: a fixed number of clients, each sending its next request once answered. */
final class Load {
  private Load() {}

  /** One request; answers whether it succeeded. */
  interface Request {
    boolean send() throws Exception;
  }

  /** What one measured run gave. */
  record Run(long requests, long errors, double seconds, Histogram latencyMicros) {
    double throughput() {
      return requests / seconds;
    }

    double percentileMs(double percentile) {
      return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }
  }

  static Run closed(int clients, Duration warmUp, Duration measured, Callable<Request> next)
      throws Exception {
    ConcurrentHistogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
    AtomicLong count = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    long measureFrom = start + warmUp.toNanos();
    long end = measureFrom + measured.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        futures.add(
            pool.submit(
                () -> {
                  while (true) {
                    Request request = next.call();
                    long sent = System.nanoTime();
                    if (sent >= end) {
                      return null;
                    }
                    boolean ok;
                    try {
                      ok = request.send();
                    } catch (Exception e) {
                      ok = false;
                    }
                    long answered = System.nanoTime();
                    if (sent >= measureFrom) {
                      latency.recordValue((answered - sent) / 1000);
                      count.incrementAndGet();
                      if (!ok) {
                        errors.incrementAndGet();
                      }
                    }
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return new Run(count.get(), errors.get(), measured.toNanos() / 1e9, latency);
  }
}
