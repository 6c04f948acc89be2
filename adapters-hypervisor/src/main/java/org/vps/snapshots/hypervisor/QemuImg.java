package org.vps.snapshots.hypervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;

/** Runs {@code qemu-img}, turning every way it can fail into a reason a customer can read. */
final class QemuImg {
  private static final Logger LOG = Logger.getLogger(QemuImg.class);
  private static final Map<String, String> DOING =
      Map.of(
          "snapshot", "take, apply or remove the snapshot",
          "convert", "copy the disk image",
          "check", "verify the disk image",
          "info", "read the disk image's size",
          "create", "create the disk");
  private final String executable;
  private final Duration timeout;

  QemuImg(String executable, Duration timeout) {
    this.executable = executable;
    this.timeout = timeout;
  }

  /**
   * Runs {@code qemu-img args…} for {@code job} (or the tool this was made for), passing on the
   * progress it prints (with {@code -p}); answers its standard output.
   */
  String run(Hypervisor.Job job, boolean interruptible, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(List.of(args));
    String tool = Path.of(executable).getFileName().toString();
    ExternalCommand.Output output =
        new ExternalCommand(command, tool + " " + args[0], timeout).run(job, interruptible);
    if (output.exitCode() != 0) {
      // What it printed names host paths and internals: the log keeps it, the customer gets a
      // sentence.
      LOG.warnf(
          "%s %s exited with %d: %s",
          executable, String.join(" ", args), output.exitCode(), output.stderr().strip());
      throw new HypervisorException(
          "the storage backend could not " + DOING.getOrDefault(args[0], "do its work"));
    }
    return output.stdout();
  }
}
