package org.vps.snapshots.hypervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * Snapshots of QEMU qcow2 disks, one file per server: internal snapshots inside the disk ({@code
 * qemu-img snapshot}), or external copies beside it ({@code qemu-img convert}). It works on the
 * disk alone, not on a running guest's memory; {@code qemu-img check} follows every create and
 * restore.
 */
public final class QemuHypervisor implements Hypervisor {
  private static final Logger LOG = Logger.getLogger(QemuHypervisor.class);
  private static final Pattern ACTUAL_SIZE = Pattern.compile("\"actual-size\"\\s*:\\s*(\\d+)");
  private static final long MB = 1024 * 1024;

  private final Path disks;
  private final QemuImg qemuImg;
  private final String qemuImgExecutable;
  private final boolean external;
  private final String stopCommand;
  private final DiskLocks locks = new DiskLocks();

  public QemuHypervisor(QemuEngineConfig config) {
    this.disks =
        Path.of(
            config
                .diskDirectory()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "snapshots.engine=qemu needs snapshots.engine.qemu.disk-directory")));
    this.qemuImg = new QemuImg(config.qemuImg(), config.timeout());
    this.qemuImgExecutable = config.qemuImg();
    this.external =
        switch (config.mode()) {
          case "internal" -> false;
          case "external" -> true;
          default ->
              throw new IllegalStateException("snapshots.engine.qemu.mode is internal or external");
        };
    this.stopCommand = config.stopCommand().orElse(null);
  }

  /** Server {@code server}'s disk. */
  public Path diskOf(ServerId server) {
    return disks.resolve(server.value() + ".qcow2");
  }

  @Override
  public long takeSnapshot(ServerId server, SnapshotId snapshot, Progress progress) {
    Path disk = existingDisk(server);
    return locks.withLock(
        disk,
        () -> {
          if (external) {
            Path copy = copyOf(server, snapshot);
            Path partial = copy.resolveSibling(copy.getFileName() + ".partial");
            createDirectories(copy.getParent());
            // A copy is named final only once complete and checked: an interrupted one is no
            // snapshot.
            qemuImg.run(
                progress::report,
                "convert",
                "-p",
                "-O",
                "qcow2",
                disk.toString(),
                partial.toString());
            qemuImg.run("check", partial.toString());
            move(partial, copy);
            return sizeMb(copy);
          }
          if (hasInternal(disk, snapshot)) {
            qemuImg.run("snapshot", "-d", tag(snapshot), disk.toString());
          }
          progress.report(10);
          qemuImg.run("snapshot", "-c", tag(snapshot), disk.toString());
          qemuImg.run("check", disk.toString());
          return sizeMb(disk);
        });
  }

  @Override
  public void restoreSnapshot(ServerId server, SnapshotId snapshot, Progress progress) {
    Path disk = existingDisk(server);
    locks.withLock(
        disk,
        () -> {
          // Checked before the server is stopped: a missing snapshot leaves it running.
          if (external ? !Files.exists(copyOf(server, snapshot)) : !hasInternal(disk, snapshot)) {
            throw new HypervisorException(
                "snapshot " + snapshot.value() + " is not on the disk of server " + server.value());
          }
          stop(server);
          if (external) {
            Path partial = disk.resolveSibling(disk.getFileName() + ".restoring");
            qemuImg.run(
                progress::report,
                "convert",
                "-p",
                "-O",
                "qcow2",
                copyOf(server, snapshot).toString(),
                partial.toString());
            qemuImg.run("check", partial.toString());
            move(partial, disk);
          } else {
            qemuImg.run("snapshot", "-a", tag(snapshot), disk.toString());
            qemuImg.run("check", disk.toString());
          }
          return null;
        });
  }

  @Override
  public void deleteSnapshot(ServerId server, SnapshotId snapshot) {
    Path disk = diskOf(server);
    if (!Files.exists(disk)) {
      return;
    }
    locks.withLock(
        disk,
        () -> {
          if (external) {
            try {
              Files.deleteIfExists(copyOf(server, snapshot));
            } catch (IOException e) {
              throw new HypervisorException(
                  "the copy of snapshot " + snapshot.value() + " could not be removed", e);
            }
          } else if (hasInternal(disk, snapshot)) {
            qemuImg.run("snapshot", "-d", tag(snapshot), disk.toString());
          }
          return null;
        });
  }

  /**
   * Makes a disk for a server that has none, with its first {@code filledMb} megabytes written, as
   * the platform would provision one; used by the embedded default's demo servers.
   */
  public void createDisk(ServerId server, int sizeMb, int filledMb) {
    Path disk = diskOf(server);
    if (Files.exists(disk)) {
      return;
    }
    createDirectories(disks);
    qemuImg.run("create", "-q", "-f", "qcow2", disk.toString(), sizeMb + "M");
    Path qemuIo = Path.of(qemuImgExecutable).resolveSibling("qemu-io");
    String io = qemuImgExecutable.contains("/") ? qemuIo.toString() : "qemu-io";
    new QemuImg(io, Duration.ofMinutes(1))
        .run("-c", "write -P 0x5a 0 " + filledMb + "M", disk.toString());
  }

  /** Whether the snapshot's data is stored. */
  public boolean holds(ServerId server, SnapshotId snapshot) {
    Path disk = diskOf(server);
    return external
        ? Files.exists(copyOf(server, snapshot))
        : Files.exists(disk) && hasInternal(disk, snapshot);
  }

  /**
   * Copies an image; the target takes its name only once complete and checked, so an interrupted
   * copy is never taken for a finished one.
   */
  private void checkedCopy(Path from, Path to, Progress progress) {
    Path partial = to.resolveSibling(to.getFileName() + ".partial");
    qemuImg.run(
        progress::report, "convert", "-p", "-O", "qcow2", from.toString(), partial.toString());
    qemuImg.run("check", partial.toString());
    move(partial, to);
  }

  private Path existingDisk(ServerId server) {
    Path disk = diskOf(server);
    if (!Files.isRegularFile(disk)) {
      throw new HypervisorException(
          "the disk of server " + server.value() + " is missing (" + disk + ")");
    }
    return disk;
  }

  private boolean hasInternal(Path disk, SnapshotId snapshot) {
    String listing = qemuImg.run("snapshot", "-l", disk.toString());
    return listing
        .lines()
        .anyMatch(line -> line.matches("\\s*\\d+\\s+" + Pattern.quote(tag(snapshot)) + "\\s.*"));
  }

  private long sizeMb(Path image) {
    Matcher size = ACTUAL_SIZE.matcher(qemuImg.run("info", "--output=json", image.toString()));
    if (!size.find()) {
      throw new HypervisorException("qemu-img info gave no size for " + image.getFileName());
    }
    return (Long.parseLong(size.group(1)) + MB - 1) / MB;
  }

  private void stop(ServerId server) {
    if (stopCommand == null) {
      LOG.debugf(
          "no stop command configured; the disk of server %d is restored as it is", server.value());
      return;
    }
    try {
      Process stopping =
          new ProcessBuilder(
                  "sh", "-c", stopCommand.replace("{server}", Long.toString(server.value())))
              .redirectErrorStream(true)
              .start();
      if (stopping.waitFor() != 0) {
        throw new HypervisorException(
            "server " + server.value() + " could not be stopped before the restore");
      }
    } catch (IOException e) {
      throw new HypervisorException("the stop command could not be run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HypervisorException("interrupted while stopping server " + server.value(), e);
    }
  }

  private Path copyOf(ServerId server, SnapshotId snapshot) {
    return disks
        .resolve("snapshots")
        .resolve(Long.toString(server.value()))
        .resolve(snapshot.value() + ".qcow2");
  }

  private static String tag(SnapshotId snapshot) {
    return "snap-" + snapshot.value();
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new HypervisorException("the snapshot directory could not be made", e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new HypervisorException(
          "the image " + to.getFileName() + " could not be put in place", e);
    }
  }
}
