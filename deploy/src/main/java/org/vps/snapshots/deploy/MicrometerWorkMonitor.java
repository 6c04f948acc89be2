package org.vps.snapshots.deploy;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.vps.snapshots.application.port.WorkMonitor;

/** Counts the workers' failed attempts as {@code snapshots_worker_retries_total}. */
@ApplicationScoped
public class MicrometerWorkMonitor implements WorkMonitor {
  private final MeterRegistry metrics;

  @Inject
  public MicrometerWorkMonitor(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public void attemptFailed(String work, int attempt, RuntimeException failure) {
    metrics.counter("snapshots.worker.retries", "operation", work).increment();
  }
}
