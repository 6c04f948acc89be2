package org.vps.snapshots.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control-group files a cap writes, on a folder laid out as each cgroup version lays it. */
class CpuCapTest {
  @TempDir Path root;

  @Test
  void cgroupV1GetsAQuotaOfItsPeriodAndTheProcess() throws Exception {
    Files.createDirectories(root.resolve("cpu"));
    Files.writeString(root.resolve("cpu").resolve("cgroup.procs"), "");

    Optional<CpuCap> cap = CpuCap.of(root, 4242, 0.5, "node-0");

    Path group = holding(cap, root.resolve("cpu").resolve("node-0"));
    assertThat(Files.readString(group.resolve("cpu.cfs_period_us"))).isEqualTo("100000");
    assertThat(Files.readString(group.resolve("cpu.cfs_quota_us"))).isEqualTo("50000");
  }

  @Test
  void cgroupV2GetsCpuMaxOnceTheControllerIsOnForItsChildren() throws Exception {
    Files.writeString(root.resolve("cgroup.subtree_control"), "");
    Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids");

    Optional<CpuCap> cap = CpuCap.of(root, 4242, 1.25, "node-1");

    Path group = holding(cap, root.resolve("node-1"));
    assertThat(Files.readString(root.resolve("cgroup.subtree_control"))).isEqualTo("+cpu");
    assertThat(Files.readString(group.resolve("cpu.max"))).isEqualTo("125000 100000");
  }

  @Test
  void withoutACpuControllerThereIsNoCap() throws Exception {
    Files.writeString(root.resolve("cgroup.subtree_control"), "");
    Files.writeString(root.resolve("cgroup.controllers"), "memory pids");

    assertThat(CpuCap.of(root, 4242, 0.5, "node-0")).isEmpty();
    assertThat(CpuCap.of(root.resolve("absent"), 4242, 0.5, "node-0")).isEmpty();
    assertThat(CpuCap.why(root)).contains(root.toString());
  }

  /** The group of a cap that was made, after checking that it holds the process. */
  private static Path holding(Optional<CpuCap> cap, Path group) throws Exception {
    assertThat(cap).isPresent();
    assertThat(Files.readString(group.resolve("cgroup.procs"))).isEqualTo("4242");
    return group;
  }
}
