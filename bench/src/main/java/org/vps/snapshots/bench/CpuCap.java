package org.vps.snapshots.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A process held to a share of the machine's CPU through a control group of its own, as a node on a
 * machine of its own would be: cgroup v1's {@code cpu} controller or cgroup v2's {@code cpu.max}.
 * Where neither can be written (no root, no controller) there is no cap, and {@link #why} says so.
 */
final class CpuCap implements AutoCloseable {
  private static final long PERIOD_MICROS = 100_000;

  private final Path group;

  private CpuCap(Path group) {
    this.group = group;
  }

  /** Caps process {@code pid} at {@code cpus} CPUs, or answers empty where it cannot. */
  static Optional<CpuCap> of(Path root, long pid, double cpus, String name) {
    long quota = Math.round(cpus * PERIOD_MICROS);
    try {
      Path v1 = root.resolve("cpu");
      if (Files.isWritable(v1.resolve("cgroup.procs"))) {
        Path group = Files.createDirectories(v1.resolve(name));
        Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
        Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
        return Optional.of(new CpuCap(group));
      }
      if (Files.isWritable(root.resolve("cgroup.subtree_control"))
          && Files.readString(root.resolve("cgroup.controllers")).contains("cpu")) {
        Files.writeString(root.resolve("cgroup.subtree_control"), "+cpu");
        Path group = Files.createDirectories(root.resolve(name));
        Files.writeString(
            group.resolve("cpu.max"), String.format(Locale.ROOT, "%d %d", quota, PERIOD_MICROS));
        Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
        return Optional.of(new CpuCap(group));
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Why a process could not be capped under {@code root}. */
  static String why(Path root) {
    return "no writable cgroup CPU controller under " + root + " (root needed)";
  }

  /** Removes the group once its process has ended; a group still in use stays. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(group);
    } catch (IOException e) {
      // Still holding a process that is on its way out: the group is left behind, empty soon.
    }
  }
}
