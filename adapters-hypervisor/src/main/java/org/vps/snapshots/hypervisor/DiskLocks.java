package org.vps.snapshots.hypervisor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.vps.snapshots.application.port.HypervisorException;

/**
 * One operation per disk at a time: a lock within this process, and a file lock beside the disk for
 * the other workers on the same host.
 */
final class DiskLocks {
  private final Map<Path, ReentrantLock> local = new ConcurrentHashMap<>();

  <T> T withLock(Path disk, Supplier<T> work) {
    ReentrantLock lock = local.computeIfAbsent(disk.toAbsolutePath(), p -> new ReentrantLock());
    lock.lock();
    Path lockFile = disk.resolveSibling(disk.getFileName() + ".lock");
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      return work.get();
    } catch (IOException e) {
      throw new HypervisorException(
          "the lock of disk " + disk.getFileName() + " could not be taken", e);
    } finally {
      lock.unlock();
    }
  }
}
