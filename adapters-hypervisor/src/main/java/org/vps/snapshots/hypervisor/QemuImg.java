package org.vps.snapshots.hypervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;

/** Runs {@code qemu-img}, turning every way it can fail into a reason a customer can read. */
final class QemuImg {
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
      String reason = output.stderr().strip();
      throw new HypervisorException(
          tool
              + " "
              + args[0]
              + " failed: "
              + (reason.isEmpty() ? "exit " + output.exitCode() : reason));
    }
    return output.stdout();
  }
}
