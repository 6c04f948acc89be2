package org.vps.snapshots.application.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.Consistency;

/**
 * A backend that records each change it makes to a disk (after the job confirmed it), fails the
 * next {@code n} calls when told to, and runs a test's step just before its next change.
 */
public final class FakeHypervisor implements Hypervisor {
  private final List<String> calls = new ArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final Map<SnapshotId, Stored> stored = new ConcurrentHashMap<>();
  private volatile Runnable beforeNextChange = () -> {};
  private long sizeMb = 2048;
  private Optional<Consistency> consistency = Optional.empty();

  public void failNext(int times) {
    failuresLeft.set(times);
  }

  public void answerSize(long sizeMb) {
    this.sizeMb = sizeMb;
  }

  /** Runs {@code step} inside the next call, before it asks to change the disk. */
  public void beforeNextChange(Runnable step) {
    this.beforeNextChange = step;
  }

  /** Leaves data on the backend that no operation made. */
  public void leave(ServerId server, SnapshotId snapshot) {
    stored.put(snapshot, new Stored(server, snapshot));
  }

  /** Every snapshot's data the backend holds, on whichever host. */
  public List<Stored> held() {
    return List.copyOf(stored.values());
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public Taken takeSnapshot(ServerId server, SnapshotId snapshot, Job job) {
    change(job, "snapshot " + server.value() + "/" + snapshot.value());
    job.progress(50);
    stored.put(snapshot, new Stored(server, snapshot, job.host().orElse(null)));
    return new Taken(sizeMb, consistency);
  }

  /** Snapshots taken from now on hold what {@code consistency} says. */
  public synchronized void reports(Consistency consistency) {
    this.consistency = Optional.of(consistency);
  }

  @Override
  public void restoreSnapshot(
      ServerId server, SnapshotId snapshot, boolean runningBefore, Job job) {
    change(
        job,
        "restore " + server.value() + "/" + snapshot.value() + (runningBefore ? " and start" : ""));
  }

  @Override
  public void deleteSnapshot(ServerId server, SnapshotId snapshot, Job job) {
    change(job, "delete " + server.value() + "/" + snapshot.value());
    // Data on another host than the job's is not reached from here.
    stored.computeIfPresent(
        snapshot, (id, held) -> Objects.equals(held.host(), job.host().orElse(null)) ? null : held);
  }

  @Override
  public List<Stored> stored(Set<Host> hosts) {
    return stored.values().stream()
        .filter(held -> held.host() == null || hosts.contains(held.host()))
        .toList();
  }

  @Override
  public int removeLeftovers(Duration age) {
    return 0;
  }

  private void change(Job job, String call) {
    Runnable step = beforeNextChange;
    beforeNextChange = () -> {};
    step.run();
    job.beforeChange();
    synchronized (this) {
      calls.add(call);
    }
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new HypervisorException("storage node unreachable");
    }
  }
}
