package org.vps.snapshots.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.application.port.JobStoppedException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * The QEMU backend under the job's rules, on real qcow2 images with slowed or hanging qemu-img
 * wrappers: nothing changes a disk once the job lost its operation, nothing hangs for good, and a
 * disk being overwritten is never cut off merely because someone asked.
 */
@Tag("qemu")
class QemuJobSafetyTest {
  static final ServerId SERVER = new ServerId(12345);
  static final SnapshotId SNAPSHOT = new SnapshotId(801);

  @TempDir Path dir;
  Path disk;

  @BeforeEach
  void aDiskWithASnapshotAndNewerBytes() {
    disk = dir.resolve("12345.qcow2");
    Disks.create(disk, "16M");
    Disks.fill(disk, 0xab);
    backend("internal", "qemu-img", null, null).takeSnapshot(SERVER, SNAPSHOT, new TestJob());
    Disks.fill(disk, 0xcd);
  }

  QemuHypervisor backend(String mode, String qemuImg, String stop, String start) {
    return backend(mode, qemuImg, stop, start, Duration.ofMinutes(1));
  }

  QemuHypervisor backend(String mode, String qemuImg, String stop, String start, Duration timeout) {
    return new QemuHypervisor(QemuHypervisorTest.config(dir, mode, qemuImg, stop, start, timeout));
  }

  /** A qemu-img that runs {@code before} (a shell line) when called as {@code qemu-img a b}. */
  Path wrapper(String name, String whenArgs, String before) {
    Path wrapper = dir.resolve(name);
    try {
      Files.writeString(
          wrapper,
          String.join(
              "\n",
              "#!/bin/sh",
              "if [ \"$1 $2\" = \"" + whenArgs + "\" ]; then " + before + "; fi",
              "exec qemu-img \"$@\"",
              ""));
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return wrapper;
  }

  static boolean running(String marker) {
    return ProcessHandle.allProcesses()
        .anyMatch(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false));
  }

  static void afterMillis(long millis, Runnable action) {
    CompletableFuture.runAsync(
        action, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
  }

  @Test
  void aRestoreWhoseLeaseIsLostWhileTheServerStopsNeverWritesTheDisk() {
    TestJob job = new TestJob();
    afterMillis(300, job::loseLease);
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                backend("internal", "qemu-img", "sleep 20", null)
                    .restoreSnapshot(SERVER, SNAPSHOT, false, job))
        .isInstanceOf(JobStoppedException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(Disks.holds(disk, 0xcd)).isTrue();
  }

  @Test
  void aHangingQemuImgIsKilledWithItsChildrenAtItsTimeoutAndTheDiskIsFreeAgain() {
    Path hanging = wrapper("hanging-qemu-img", "snapshot -c", "sleep 397");
    QemuHypervisor stuck =
        backend("internal", hanging.toString(), null, null, Duration.ofSeconds(1));

    assertThatThrownBy(() -> stuck.takeSnapshot(SERVER, new SnapshotId(2), new TestJob()))
        .isInstanceOf(HypervisorException.class)
        .hasMessageContaining("did not finish within");

    await().atMost(Duration.ofSeconds(5)).until(() -> !running("sleep 397"));
    assertThat(
            backend("internal", "qemu-img", null, null)
                .takeSnapshot(SERVER, new SnapshotId(3), new TestJob())
                .sizeMb())
        .isPositive();
  }

  @Test
  void theStopCommandsOutputIsReadWhileItRunsSoThatItNeverBlocks() {
    String loud = "head -c 1000000 /dev/zero | tr '\\\\0' x";

    CompletableFuture<Void> restore =
        CompletableFuture.runAsync(
            () ->
                backend("internal", "qemu-img", loud, null)
                    .restoreSnapshot(SERVER, SNAPSHOT, false, new TestJob()));

    assertThat(restore).succeedsWithin(Duration.ofSeconds(30));
    assertThat(Disks.holds(disk, 0xab)).isTrue();
  }

  @Test
  void waitingForABusyDiskGivesUpAsSoonAsTheJobIsAskedToStop() {
    Path slow = wrapper("slow-qemu-img", "snapshot -c", "sleep 3");
    CompletableFuture<Hypervisor.Taken> holder =
        CompletableFuture.supplyAsync(
            () ->
                backend("internal", slow.toString(), null, null)
                    .takeSnapshot(SERVER, new SnapshotId(2), new TestJob()));
    await().atMost(Duration.ofSeconds(5)).until(() -> running("sleep 3"));
    TestJob waiting = new TestJob();
    afterMillis(200, waiting::ask);
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                backend("internal", "qemu-img", null, null)
                    .takeSnapshot(SERVER, new SnapshotId(3), waiting))
        .isInstanceOf(JobStoppedException.class);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(holder).succeedsWithin(Duration.ofSeconds(30));
  }

  @Test
  void aProgressReportThatStopsTheJobKillsQemuImgAndLeavesNoPartialCopy() {
    Path stalling =
        wrapper(
            "stalling-qemu-img", "convert -p", "printf '    (10.00/100%%)\\r'; sleep 398; exit 1");
    QemuHypervisor backend = backend("external", stalling.toString(), null, null);
    TestJob job = new TestJob().loseLeaseOnProgress();

    assertThatThrownBy(() -> backend.takeSnapshot(SERVER, new SnapshotId(5), job))
        .isInstanceOf(JobStoppedException.class);

    await().atMost(Duration.ofSeconds(5)).until(() -> !running("sleep 398"));
    assertThat(dir.resolve("snapshots/12345/5.qcow2")).doesNotExist();
    assertThat(dir.resolve("snapshots/12345/5.qcow2.partial")).doesNotExist();
  }

  @Test
  void aDiskBeingOverwrittenIsNotCutOffWhenTheJobIsOnlyAskedToStop() {
    Path writing = dir.resolve("writing");
    Path slow = wrapper("slow-apply", "snapshot -a", "touch " + writing + "; sleep 1");
    TestJob job = new TestJob();
    CompletableFuture.runAsync(
        () -> {
          await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(writing));
          job.ask();
        });

    backend("internal", slow.toString(), null, null).restoreSnapshot(SERVER, SNAPSHOT, false, job);

    assertThat(Disks.holds(disk, 0xab)).isTrue();
    assertThat(Disks.run("qemu-img", "check", disk.toString())).contains("No errors");
  }

  @Test
  void aRestoreStartsTheServerAgainOnlyWhenItWasRunningBefore() {
    String stop = "touch " + dir.resolve("stopped-{server}");
    String start = "touch " + dir.resolve("started-{server}");
    QemuHypervisor backend = backend("internal", "qemu-img", stop, start);

    backend.restoreSnapshot(SERVER, SNAPSHOT, false, new TestJob());
    assertThat(dir.resolve("stopped-12345")).exists();
    assertThat(dir.resolve("started-12345")).doesNotExist();

    backend.restoreSnapshot(SERVER, SNAPSHOT, true, new TestJob());
    assertThat(dir.resolve("started-12345")).exists();
  }

  @Test
  void aFailingStartCommandFailsTheRestoreWithAClearReason() {
    QemuHypervisor backend = backend("internal", "qemu-img", null, "exit 3");

    assertThatThrownBy(() -> backend.restoreSnapshot(SERVER, SNAPSHOT, true, new TestJob()))
        .isInstanceOf(HypervisorException.class)
        .hasMessageContaining("server 12345 could not be started");
  }

  @Test
  void anExternalCopyIsPurgedEvenOnceTheServersDiskIsGone() throws IOException {
    QemuHypervisor backend = backend("external", "qemu-img", null, null);
    backend.takeSnapshot(SERVER, new SnapshotId(6), new TestJob());
    Files.delete(disk);

    backend.deleteSnapshot(SERVER, new SnapshotId(6), new TestJob());

    assertThat(dir.resolve("snapshots/12345/6.qcow2")).doesNotExist();
  }

  @Test
  void theBackendListsWhatItHoldsAndCleansOldLeftovers() throws IOException {
    QemuHypervisor backend = backend("external", "qemu-img", null, null);
    backend.takeSnapshot(SERVER, new SnapshotId(6), new TestJob());
    Path oldPartial = dir.resolve("snapshots/12345/7.qcow2.partial");
    Path oldRestoring = dir.resolve("12345.qcow2.restoring");
    Path freshPartial = dir.resolve("snapshots/12345/8.qcow2.partial");
    for (Path leftover : new Path[] {oldPartial, oldRestoring, freshPartial}) {
      Files.writeString(leftover, "half");
    }
    FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    Files.setLastModifiedTime(oldPartial, hourAgo);
    Files.setLastModifiedTime(oldRestoring, hourAgo);

    assertThat(backend.stored(Set.of()))
        .containsExactlyInAnyOrder(
            new Hypervisor.Stored(SERVER, SNAPSHOT),
            new Hypervisor.Stored(SERVER, new SnapshotId(6)));
    assertThat(backend.removeLeftovers(Duration.ofMinutes(10))).isEqualTo(2);
    assertThat(oldPartial).doesNotExist();
    assertThat(oldRestoring).doesNotExist();
    assertThat(freshPartial).exists();
  }

  @Test
  void aFailingQemuImgGivesACustomerASentenceNotItsOutput() {
    Path failing =
        wrapper(
            "failing-qemu-img",
            "snapshot -c",
            "echo \"qemu-img: Could not open '/srv/secret-host/disks/12345.qcow2': denied\" >&2;"
                + " exit 1");

    assertThatThrownBy(
            () ->
                backend("internal", failing.toString(), null, null)
                    .takeSnapshot(SERVER, new SnapshotId(9), new TestJob()))
        .isInstanceOf(HypervisorException.class)
        .hasMessage("the storage backend could not take, apply or remove the snapshot")
        .hasMessageNotContaining("/srv");
  }
}
