package org.vps.snapshots.hypervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * Snapshots of QEMU qcow2 disks, one file per server: internal snapshots inside the disk ({@code
 * qemu-img snapshot}), or external copies beside it ({@code qemu-img convert}). It works on the
 * disk alone, not on a running guest's memory; {@code qemu-img check} follows every create and
 * restore. Every step that changes a disk is confirmed with the job first; a disk being overwritten
 * is never cut off, anything else stops as soon as the job must.
 */
public final class QemuHypervisor implements Hypervisor {
  private static final Logger LOG = Logger.getLogger(QemuHypervisor.class);
  private static final Pattern ACTUAL_SIZE = Pattern.compile("\"actual-size\"\\s*:\\s*(\\d+)");
  private static final Pattern INTERNAL_TAG = Pattern.compile("\\s*\\d+\\s+snap-(\\d+)\\s.*");
  private static final Pattern DISK_NAME = Pattern.compile("(\\d+)\\.qcow2");
  private static final long MB = 1024 * 1024;
  private static final boolean INTERRUPTIBLE = true;
  private static final boolean TO_THE_END = false;

  private final Path disks;
  private final QemuImg qemuImg;
  private final String qemuImgExecutable;
  private final boolean external;
  private final Optional<String> stopCommand;
  private final Optional<String> startCommand;
  private final Duration powerCommandTimeout;
  private final DiskLocks locks;

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
    this.stopCommand = config.stopCommand();
    this.startCommand = config.startCommand();
    this.powerCommandTimeout = config.powerCommandTimeout();
    this.locks = new DiskLocks(config.timeout());
  }

  /** Server {@code server}'s disk. */
  public Path diskOf(ServerId server) {
    return disks.resolve(server.value() + ".qcow2");
  }

  @Override
  public Taken takeSnapshot(ServerId server, SnapshotId snapshot, Job job) {
    Path disk = existingDisk(server);
    // Disk images whose server this backend does not see: what they hold is not known here.
    return Taken.ofSize(
        locks.withLock(
            disk,
            job,
            () -> {
              if (external) {
                Path copy = copyOf(server, snapshot);
                createDirectories(copy.getParent());
                job.beforeChange();
                checkedCopy(disk, copy, job);
                return sizeMb(copy, job);
              }
              if (hasInternal(disk, snapshot, job)) {
                job.beforeChange();
                qemuImg.run(job, TO_THE_END, "snapshot", "-d", tag(snapshot), disk.toString());
              }
              job.progress(10);
              job.beforeChange();
              qemuImg.run(job, TO_THE_END, "snapshot", "-c", tag(snapshot), disk.toString());
              qemuImg.run(job, INTERRUPTIBLE, "check", disk.toString());
              return sizeMb(disk, job);
            }));
  }

  @Override
  public void restoreSnapshot(
      ServerId server, SnapshotId snapshot, boolean runningBefore, Job job) {
    Path disk = existingDisk(server);
    locks.withLock(
        disk,
        job,
        () -> {
          // Checked before the server is stopped: a missing snapshot leaves it as it was.
          if (external
              ? !Files.exists(copyOf(server, snapshot))
              : !hasInternal(disk, snapshot, job)) {
            throw new HypervisorException(
                "snapshot " + snapshot.value() + " is not on the disk of server " + server.value());
          }
          if (external) {
            // The copy is made and checked beside the disk; the disk changes only by one rename.
            Path restoring = disk.resolveSibling(disk.getFileName() + ".restoring");
            checkedCopy(copyOf(server, snapshot), restoring, job);
            job.beforeChange();
            power(stopCommand, "stop", server, job, INTERRUPTIBLE);
            move(restoring, disk);
          } else {
            job.beforeChange();
            power(stopCommand, "stop", server, job, INTERRUPTIBLE);
            qemuImg.run(job, TO_THE_END, "snapshot", "-a", tag(snapshot), disk.toString());
            qemuImg.run(job, TO_THE_END, "check", disk.toString());
          }
          if (runningBefore) {
            power(startCommand, "start", server, job, TO_THE_END);
          }
          return null;
        });
  }

  @Override
  public void deleteSnapshot(ServerId server, SnapshotId snapshot, Job job) {
    Path disk = diskOf(server);
    Path copy = copyOf(server, snapshot);
    // External copies outlive a removed server's disk: they are removed all the same.
    if (!Files.exists(copy) && !Files.exists(disk)) {
      return;
    }
    locks.withLock(
        disk,
        job,
        () -> {
          if (Files.exists(copy)) {
            job.beforeChange();
            delete(copy);
          }
          if (Files.isRegularFile(disk) && hasInternal(disk, snapshot, job)) {
            job.beforeChange();
            qemuImg.run(job, TO_THE_END, "snapshot", "-d", tag(snapshot), disk.toString());
          }
          return null;
        });
  }

  /** The disk directory is one host's: {@code hosts} are not looked at. */
  @Override
  public List<Stored> stored(Set<Host> hosts) {
    List<Stored> found = new ArrayList<>();
    for (Path disk : list(disks)) {
      Matcher name = DISK_NAME.matcher(disk.getFileName().toString());
      if (!name.matches() || !Files.isRegularFile(disk)) {
        continue;
      }
      ServerId server = new ServerId(Long.parseLong(name.group(1)));
      qemuImg
          .run(Job.UNSUPERVISED, INTERRUPTIBLE, "snapshot", "-l", "-U", disk.toString())
          .lines()
          .map(INTERNAL_TAG::matcher)
          .filter(Matcher::matches)
          .forEach(
              tag -> found.add(new Stored(server, new SnapshotId(Long.parseLong(tag.group(1))))));
    }
    for (Path serverDirectory : list(disks.resolve("snapshots"))) {
      if (!serverDirectory.getFileName().toString().matches("\\d+")) {
        continue;
      }
      ServerId server = new ServerId(Long.parseLong(serverDirectory.getFileName().toString()));
      for (Path copy : list(serverDirectory)) {
        Matcher name = DISK_NAME.matcher(copy.getFileName().toString());
        if (name.matches()) {
          found.add(new Stored(server, new SnapshotId(Long.parseLong(name.group(1)))));
        }
      }
    }
    return found;
  }

  @Override
  public int removeLeftovers(Duration age) {
    Instant before = Instant.now().minus(age);
    List<Path> candidates = new ArrayList<>(list(disks));
    list(disks.resolve("snapshots")).forEach(directory -> candidates.addAll(list(directory)));
    int removed = 0;
    for (Path file : candidates) {
      String name = file.getFileName().toString();
      if ((name.endsWith(".partial") || name.endsWith(".restoring"))
          && lastWritten(file).toInstant().isBefore(before)) {
        delete(file);
        LOG.infof("removed %s, left by interrupted work", file);
        removed++;
      }
    }
    return removed;
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
    qemuImg.run(
        Job.UNSUPERVISED, TO_THE_END, "create", "-q", "-f", "qcow2", disk.toString(), sizeMb + "M");
    Path qemuIo = Path.of(qemuImgExecutable).resolveSibling("qemu-io");
    String io = qemuImgExecutable.contains("/") ? qemuIo.toString() : "qemu-io";
    new QemuImg(io, Duration.ofMinutes(1))
        .run(
            Job.UNSUPERVISED,
            TO_THE_END,
            "-c",
            "write -P 0x5a 0 " + filledMb + "M",
            disk.toString());
  }

  /** Whether the snapshot's data is stored. */
  public boolean holds(ServerId server, SnapshotId snapshot) {
    Path disk = diskOf(server);
    return external
        ? Files.exists(copyOf(server, snapshot))
        : Files.exists(disk) && hasInternal(disk, snapshot, Job.UNSUPERVISED);
  }

  /**
   * Copies an image; the target takes its name only once complete and checked, so an interrupted
   * copy is never taken for a finished one.
   */
  private void checkedCopy(Path from, Path to, Job job) {
    Path partial = to.resolveSibling(to.getFileName() + ".partial");
    try {
      qemuImg.run(
          job, INTERRUPTIBLE, "convert", "-p", "-O", "qcow2", from.toString(), partial.toString());
      qemuImg.run(job, INTERRUPTIBLE, "check", partial.toString());
    } catch (RuntimeException e) {
      deleteQuietly(partial);
      throw e;
    }
    move(partial, to);
  }

  private Path existingDisk(ServerId server) {
    Path disk = diskOf(server);
    if (!Files.isRegularFile(disk)) {
      throw new HypervisorException("the disk of server " + server.value() + " is missing");
    }
    return disk;
  }

  private boolean hasInternal(Path disk, SnapshotId snapshot, Job job) {
    String listing = qemuImg.run(job, INTERRUPTIBLE, "snapshot", "-l", disk.toString());
    return listing
        .lines()
        .anyMatch(line -> line.matches("\\s*\\d+\\s+" + Pattern.quote(tag(snapshot)) + "\\s.*"));
  }

  private long sizeMb(Path image, Job job) {
    Matcher size =
        ACTUAL_SIZE.matcher(
            qemuImg.run(job, INTERRUPTIBLE, "info", "--output=json", image.toString()));
    if (!size.find()) {
      throw new HypervisorException("qemu-img info gave no size for " + image.getFileName());
    }
    return (Long.parseLong(size.group(1)) + MB - 1) / MB;
  }

  /** Runs the configured stop or start command for the server, if there is one. */
  private void power(
      Optional<String> command, String what, ServerId server, Job job, boolean interruptible) {
    if (command.isEmpty()) {
      LOG.debugf("no %s command configured for server %d", what, server.value());
      return;
    }
    String line = command.get().replace("{server}", Long.toString(server.value()));
    ExternalCommand.Output output =
        new ExternalCommand(List.of("sh", "-c", line), what + " command", powerCommandTimeout)
            .run(job, interruptible);
    if (output.exitCode() != 0) {
      LOG.warnf(
          "the %s command for server %d exited with %d: %s",
          what, server.value(), output.exitCode(), output.stderr().strip());
      throw new HypervisorException(
          "server "
              + server.value()
              + " could not be "
              + what
              + (what.equals("stop") ? "ped" : "ed"));
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

  private static List<Path> list(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.toList();
    } catch (IOException e) {
      LOG.warnf("%s could not be read: %s", directory, e.getMessage());
      throw new HypervisorException("a directory of the storage backend could not be read", e);
    }
  }

  private static FileTime lastWritten(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.from(Instant.now());
    }
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new HypervisorException("the snapshot directory could not be made", e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new HypervisorException("the file " + file.getFileName() + " could not be removed", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debugf("could not remove %s: %s", file, e.getMessage());
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
