package org.vps.snapshots.application.work;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vps.snapshots.application.port.Hypervisor;

/**
 * Compares what the backend holds with the database. Data no snapshot wants (its snapshot is gone
 * or failed) and that stayed so for the grace period is removed by a purge operation, through the
 * workers like any other; files left by interrupted work are cleaned. Safe on several replicas: an
 * orphan that already has a purge under way is left to it.
 */
@ApplicationScoped
public class ReconcileBackend {
  private final Hypervisor hypervisor;
  private final OperationSteps steps;
  private final Clock clock;
  private final Map<Hypervisor.Stored, Instant> orphansSeen = new ConcurrentHashMap<>();

  @Inject
  public ReconcileBackend(Hypervisor hypervisor, OperationSteps steps, Clock clock) {
    this.hypervisor = hypervisor;
    this.steps = steps;
    this.clock = clock;
  }

  /** What one pass found and did. */
  public record Result(int orphans, int purgesQueued, int leftoversRemoved) {}

  public Result execute(Duration grace) {
    List<Hypervisor.Stored> stored = hypervisor.stored(steps.hosts());
    Set<Hypervisor.Stored> orphans = steps.orphansAmong(stored);
    Instant now = clock.instant();
    orphansSeen.keySet().retainAll(orphans);
    int queued = 0;
    for (Hypervisor.Stored orphan : orphans) {
      Instant first = orphansSeen.computeIfAbsent(orphan, o -> now);
      if (!first.plus(grace).isAfter(now) && steps.queuePurge(orphan)) {
        orphansSeen.remove(orphan);
        queued++;
      }
    }
    return new Result(orphans.size(), queued, hypervisor.removeLeftovers(grace));
  }
}
