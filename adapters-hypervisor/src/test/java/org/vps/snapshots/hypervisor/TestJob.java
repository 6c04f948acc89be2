package org.vps.snapshots.hypervisor;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.JobStoppedException;
import org.vps.snapshots.domain.Host;

/**
 * A job as a worker would hand it to the backend: it records progress and confirmed steps, and a
 * test can ask it to stop or take its lease away at any moment.
 */
final class TestJob implements Hypervisor.Job {
  final List<Integer> progress = new CopyOnWriteArrayList<>();
  final AtomicInteger steps = new AtomicInteger();
  private volatile boolean asked;
  private volatile boolean leaseLost;
  private volatile Runnable onStep = () -> {};
  private volatile boolean stopOnProgress;
  private volatile Host host;

  /** The job works on {@code host}, as an operation queued for a server there would. */
  TestJob on(Host host) {
    this.host = host;
    return this;
  }

  @Override
  public Optional<Host> host() {
    return Optional.ofNullable(host);
  }

  /** Someone asked the job to stop (deadline, shutdown): interruptible steps give up. */
  TestJob ask() {
    asked = true;
    return this;
  }

  /** The job lost its operation to another worker: every step gives up. */
  TestJob loseLease() {
    leaseLost = true;
    return this;
  }

  /** The next progress report finds the lease lost, as a worker fenced out midway would. */
  TestJob loseLeaseOnProgress() {
    stopOnProgress = true;
    return this;
  }

  /** Runs {@code step} at each confirmed step, before the backend changes the disk. */
  TestJob onStep(Runnable step) {
    this.onStep = step;
    return this;
  }

  @Override
  public void progress(int percent) {
    if (stopOnProgress) {
      leaseLost = true;
    }
    if (leaseLost) {
      throw new JobStoppedException("lease lost");
    }
    progress.add(percent);
  }

  @Override
  public void beforeChange() {
    onStep.run();
    if (leaseLost || asked) {
      throw new JobStoppedException("told to stop");
    }
    steps.incrementAndGet();
  }

  @Override
  public boolean mustStop(boolean interruptible) {
    return leaseLost || (interruptible && asked);
  }
}
