package org.vps.snapshots.hypervisor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.application.port.JobStoppedException;

/**
 * One operation per disk at a time: a lock within this process, and a file lock beside the disk for
 * the other workers on the same host. Waiting for either gives up when the job must stop or when
 * the wait outlasts the timeout, so a stuck holder never stalls a job for good.
 */
final class DiskLocks {
  private static final long POLL_MILLIS = 50;

  /** One per disk in this process: a file lock is held by the whole process, not a thread. */
  private static final Map<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

  private final Duration timeout;

  DiskLocks(Duration timeout) {
    this.timeout = timeout;
  }

  <T> T withLock(Path disk, Hypervisor.Job job, Supplier<T> work) {
    ReentrantLock lock = LOCAL.computeIfAbsent(disk.toAbsolutePath(), p -> new ReentrantLock());
    long deadline = System.nanoTime() + timeout.toNanos();
    acquire(lock, disk, job, deadline);
    Path lockFile = disk.resolveSibling(disk.getFileName() + ".lock");
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = acquire(channel, disk, job, deadline)) {
      return work.get();
    } catch (IOException e) {
      throw new HypervisorException(
          "the lock of disk " + disk.getFileName() + " could not be taken", e);
    } finally {
      lock.unlock();
    }
  }

  private static void acquire(ReentrantLock lock, Path disk, Hypervisor.Job job, long deadline) {
    try {
      while (!lock.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        giveUpIfDue(disk, job, deadline);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobStoppedException("interrupted while waiting for disk " + disk.getFileName());
    }
  }

  private static FileLock acquire(FileChannel channel, Path disk, Hypervisor.Job job, long deadline)
      throws IOException {
    while (true) {
      FileLock held = channel.tryLock();
      if (held != null) {
        return held;
      }
      giveUpIfDue(disk, job, deadline);
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JobStoppedException("interrupted while waiting for disk " + disk.getFileName());
      }
    }
  }

  private static void giveUpIfDue(Path disk, Hypervisor.Job job, long deadline) {
    if (job.mustStop(true)) {
      throw new JobStoppedException("stopped while waiting for disk " + disk.getFileName());
    }
    if (System.nanoTime() > deadline) {
      throw new HypervisorException(
          "disk " + disk.getFileName() + " stayed busy with another operation");
    }
  }
}
