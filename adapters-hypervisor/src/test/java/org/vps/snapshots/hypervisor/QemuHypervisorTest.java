package org.vps.snapshots.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/** The QEMU backend on real qcow2 images, written and read byte by byte with qemu-io. */
@Tag("qemu")
class QemuHypervisorTest {
  static final ServerId SERVER = new ServerId(12345);
  static final SnapshotId SNAPSHOT = new SnapshotId(801);

  @TempDir Path dir;
  Path disk;

  @BeforeEach
  void aDiskWithKnownBytes() {
    disk = dir.resolve("12345.qcow2");
    Disks.create(disk, "16M");
    Disks.fill(disk, 0xab);
  }

  static QemuEngineConfig config(Path dir, String mode, String qemuImg, String stopCommand) {
    return config(dir, mode, qemuImg, stopCommand, null, Duration.ofMinutes(1));
  }

  static QemuEngineConfig config(
      Path dir,
      String mode,
      String qemuImg,
      String stopCommand,
      String startCommand,
      Duration timeout) {
    return new QemuEngineConfig() {
      @Override
      public Optional<String> diskDirectory() {
        return Optional.of(dir.toString());
      }

      @Override
      public String qemuImg() {
        return qemuImg;
      }

      @Override
      public String mode() {
        return mode;
      }

      @Override
      public Optional<String> stopCommand() {
        return Optional.ofNullable(stopCommand);
      }

      @Override
      public Optional<String> startCommand() {
        return Optional.ofNullable(startCommand);
      }

      @Override
      public Duration powerCommandTimeout() {
        return timeout;
      }

      @Override
      public Duration timeout() {
        return timeout;
      }
    };
  }

  QemuHypervisor backend(String mode) {
    return new QemuHypervisor(config(dir, mode, "qemu-img", null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"internal", "external"})
  void aRestoreGivesBackTheBytesOfTheSnapshot(String mode) {
    QemuHypervisor backend = backend(mode);
    TestJob job = new TestJob();

    long sizeMb = backend.takeSnapshot(SERVER, SNAPSHOT, job).sizeMb();
    Disks.fill(disk, 0xcd);
    assertThat(Disks.holds(disk, 0xcd)).isTrue();

    backend.restoreSnapshot(SERVER, SNAPSHOT, false, new TestJob());

    assertThat(Disks.holds(disk, 0xab)).isTrue();
    assertThat(Disks.holds(disk, 0xcd)).isFalse();
    assertThat(sizeMb).isPositive();
    assertThat(job.progress).isNotEmpty().allMatch(p -> p >= 0 && p <= 100);
    assertThat(job.steps.get()).isPositive();
    assertThat(Disks.run("qemu-img", "check", disk.toString())).contains("No errors");
  }

  @ParameterizedTest
  @ValueSource(strings = {"internal", "external"})
  void deletingFreesTheSnapshot(String mode) {
    QemuHypervisor backend = backend(mode);
    backend.takeSnapshot(SERVER, SNAPSHOT, new TestJob());
    assertThat(backend.holds(SERVER, SNAPSHOT)).isTrue();

    backend.deleteSnapshot(SERVER, SNAPSHOT, new TestJob());
    backend.deleteSnapshot(SERVER, SNAPSHOT, new TestJob());

    assertThat(backend.holds(SERVER, SNAPSHOT)).isFalse();
    assertThat(Disks.run("qemu-img", "snapshot", "-l", disk.toString())).doesNotContain("snap-801");
  }

  @Test
  void theSizeIsTheRealAllocatedSize() {
    Path big = dir.resolve("7.qcow2");
    Disks.create(big, "64M");
    for (int mb = 0; mb < 8; mb++) {
      Disks.run("qemu-io", "-c", "write -P 0x11 " + mb + "M 1M", big.toString());
    }

    long sizeMb =
        backend("external").takeSnapshot(new ServerId(7), SNAPSHOT, new TestJob()).sizeMb();

    assertThat(sizeMb).isBetween(8L, 10L);
  }

  @Test
  void aTakenSnapshotIsTakenAgainCleanlyAfterACrashedAttempt() {
    QemuHypervisor backend = backend("internal");
    backend.takeSnapshot(SERVER, SNAPSHOT, new TestJob());
    Disks.fill(disk, 0xcd);

    backend.takeSnapshot(SERVER, SNAPSHOT, new TestJob());
    backend.restoreSnapshot(SERVER, SNAPSHOT, false, new TestJob());

    assertThat(Disks.holds(disk, 0xcd)).isTrue();
    assertThat(Disks.run("qemu-img", "snapshot", "-l", disk.toString()).split("snap-801", -1))
        .hasSize(2);
  }

  @Test
  void aMissingDiskFailsWithAClearReason() {
    assertThatThrownBy(
            () -> backend("internal").takeSnapshot(new ServerId(999), SNAPSHOT, new TestJob()))
        .isInstanceOf(HypervisorException.class)
        .hasMessageContaining("disk of server 999 is missing");
  }

  @Test
  void aMissingQemuImgFailsWithAClearReason() {
    QemuHypervisor backend =
        new QemuHypervisor(config(dir, "internal", "/nonexistent/qemu-img", null));

    assertThatThrownBy(() -> backend.takeSnapshot(SERVER, SNAPSHOT, new TestJob()))
        .isInstanceOf(HypervisorException.class)
        .hasMessageContaining("could not be run")
        .hasMessageNotContaining("/nonexistent");
  }

  @Test
  void aRestoreChecksTheSnapshotExistsBeforeItStopsTheServer() throws Exception {
    Path stopped = dir.resolve("stopped");
    QemuHypervisor backend =
        new QemuHypervisor(config(dir, "internal", "qemu-img", "touch " + stopped + "-{server}"));

    assertThatThrownBy(() -> backend.restoreSnapshot(SERVER, SNAPSHOT, false, new TestJob()))
        .isInstanceOf(HypervisorException.class)
        .hasMessageContaining("snapshot 801 is not on the disk of server 12345");
    assertThat(dir.resolve("stopped-12345")).doesNotExist();
    assertThat(Disks.holds(disk, 0xab)).isTrue();

    backend.takeSnapshot(SERVER, SNAPSHOT, new TestJob());
    backend.restoreSnapshot(SERVER, SNAPSHOT, false, new TestJob());
    assertThat(dir.resolve("stopped-12345")).exists();
  }

  @Test
  void operationsOnOneDiskRunOneAfterAnother() throws Exception {
    Path log = dir.resolve("calls.log");
    Path wrapper = dir.resolve("slow-qemu-img");
    Files.writeString(
        wrapper,
        String.join(
            "\n",
            "#!/bin/sh",
            "if [ \"$1 $2\" = \"snapshot -c\" ]; then echo \"start $3\" >> "
                + log
                + "; sleep 0.5; fi",
            "qemu-img \"$@\"; rc=$?",
            "if [ \"$1 $2\" = \"snapshot -c\" ]; then echo \"end $3\" >> " + log + "; fi",
            "exit $rc",
            ""));
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
    QemuHypervisor backend = new QemuHypervisor(config(dir, "internal", wrapper.toString(), null));

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Hypervisor.Taken> first =
          pool.submit(() -> backend.takeSnapshot(SERVER, new SnapshotId(1), new TestJob()));
      Future<Hypervisor.Taken> second =
          pool.submit(() -> backend.takeSnapshot(SERVER, new SnapshotId(2), new TestJob()));
      first.get();
      second.get();
    } finally {
      pool.shutdownNow();
    }

    List<String> calls = Files.readAllLines(log);
    assertThat(calls).hasSize(4);
    assertThat(calls.get(0).substring(6)).isEqualTo(calls.get(1).substring(4));
    assertThat(calls.get(2).substring(6)).isEqualTo(calls.get(3).substring(4));
    assertThat(calls.get(0)).startsWith("start");
    assertThat(calls.get(2)).startsWith("start");
  }
}
