package org.vps.snapshots.hypervisor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * A backend that only takes time: it reports honest progress in ten steps over the configured
 * duration, gives each snapshot a stable size, and fails the configured share of operations.
 */
@ApplicationScoped
@Typed(SimulatedHypervisor.class)
public class SimulatedHypervisor implements Hypervisor {
  static final int STEPS = 10;

  private final SimulatedEngineConfig config;
  private final Map<SnapshotId, Long> stored = new ConcurrentHashMap<>();

  @Inject
  public SimulatedHypervisor(SimulatedEngineConfig config) {
    this.config = config;
  }

  @Override
  public long takeSnapshot(ServerId server, SnapshotId snapshot, Progress progress) {
    maybeFail("taking the snapshot");
    work(config.snapshotDuration(), progress);
    long size = sizeOf(snapshot);
    stored.put(snapshot, size);
    return size;
  }

  @Override
  public void restoreSnapshot(ServerId server, SnapshotId snapshot, Progress progress) {
    maybeFail("restoring the server");
    work(config.restoreDuration(), progress);
  }

  @Override
  public void deleteSnapshot(ServerId server, SnapshotId snapshot) {
    stored.remove(snapshot);
  }

  /** Whether this process holds a stored copy of the snapshot. */
  public boolean holds(SnapshotId snapshot) {
    return stored.containsKey(snapshot);
  }

  private long sizeOf(SnapshotId snapshot) {
    long span = Math.max(1, config.maxSizeMb() - config.minSizeMb());
    return config.minSizeMb() + Math.floorMod(Long.hashCode(snapshot.value()) * 2654435761L, span);
  }

  private void maybeFail(String what) {
    if (config.failureRate() > 0
        && ThreadLocalRandom.current().nextDouble() < config.failureRate()) {
      throw new HypervisorException("the simulated backend failed while " + what);
    }
  }

  private static void work(Duration total, Progress progress) {
    Duration step = total.dividedBy(STEPS);
    for (int done = 1; done <= STEPS; done++) {
      sleep(step);
      if (done < STEPS) {
        progress.report(done * 100 / STEPS);
      }
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HypervisorException("the work was interrupted", e);
    }
  }
}
