package org.vps.snapshots.hypervisor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.application.port.JobStoppedException;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * A backend that only takes time: it reports honest progress in ten steps over the configured
 * duration, gives each snapshot a stable size, and fails the configured share of operations. A
 * restore stops its server for the first half (which can be cut off) and writes the disk for the
 * second (which cannot), as a real one would.
 */
@ApplicationScoped
@Typed(SimulatedHypervisor.class)
public class SimulatedHypervisor implements Hypervisor {
  static final int STEPS = 10;

  private final SimulatedEngineConfig config;
  private final Map<SnapshotId, ServerId> stored = new ConcurrentHashMap<>();
  private final Map<ServerId, Integer> restores = new ConcurrentHashMap<>();

  @Inject
  public SimulatedHypervisor(SimulatedEngineConfig config) {
    this.config = config;
  }

  @Override
  public Taken takeSnapshot(ServerId server, SnapshotId snapshot, Job job) {
    maybeFail("taking the snapshot");
    job.beforeChange();
    work(config.snapshotDuration(), 1, STEPS, job, true);
    stored.put(snapshot, server);
    return Taken.ofSize(sizeOf(snapshot));
  }

  @Override
  public void restoreSnapshot(
      ServerId server, SnapshotId snapshot, boolean runningBefore, Job job) {
    maybeFail("restoring the server");
    work(config.restoreDuration(), 1, STEPS / 2, job, true);
    job.beforeChange();
    work(config.restoreDuration(), STEPS / 2 + 1, STEPS, job, false);
    restores.merge(server, 1, Integer::sum);
  }

  @Override
  public void deleteSnapshot(ServerId server, SnapshotId snapshot, Job job) {
    if (stored.containsKey(snapshot)) {
      job.beforeChange();
      stored.remove(snapshot);
    }
  }

  @Override
  public List<Stored> stored(Set<Host> hosts) {
    return stored.entrySet().stream().map(e -> new Stored(e.getValue(), e.getKey())).toList();
  }

  @Override
  public int removeLeftovers(Duration age) {
    return 0;
  }

  /** Whether this process holds a stored copy of the snapshot. */
  public boolean holds(SnapshotId snapshot) {
    return stored.containsKey(snapshot);
  }

  /** Stores data for a snapshot as an interrupted or foreign worker would have left it. */
  public void leave(ServerId server, SnapshotId snapshot) {
    stored.put(snapshot, server);
  }

  /** How many restores wrote the server's disk to the end. */
  public int restoresWritten(ServerId server) {
    return restores.getOrDefault(server, 0);
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

  /** Steps {@code from} to {@code to} of ten over {@code total}, reporting after each. */
  private static void work(Duration total, int from, int to, Job job, boolean interruptible) {
    long step = total.dividedBy(STEPS).toMillis();
    for (int done = from; done <= to; done++) {
      long until = System.currentTimeMillis() + step;
      while (System.currentTimeMillis() < until) {
        if (job.mustStop(interruptible)) {
          throw new JobStoppedException("the simulated work was stopped");
        }
        sleep(Math.min(20, Math.max(1, until - System.currentTimeMillis())));
      }
      if (done < STEPS) {
        job.progress(done * 100 / STEPS);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobStoppedException("the simulated work was interrupted");
    }
  }
}
