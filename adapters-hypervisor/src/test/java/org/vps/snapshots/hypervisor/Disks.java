package org.vps.snapshots.hypervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real small qcow2 disks for tests, made and read with qemu-img and qemu-io; commands run to their
 * end.
 */
final class Disks {
  private Disks() {}

  static void create(Path disk, String size) {
    run("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), size);
  }

  /** Writes byte {@code pattern} over the first megabyte. */
  static void fill(Path disk, int pattern) {
    run("qemu-io", "-c", "write -P 0x" + Integer.toHexString(pattern) + " 0 1M", disk.toString());
  }

  /** Whether the first megabyte holds byte {@code pattern}, every one of them. */
  static boolean holds(Path disk, int pattern) {
    return exit(
            "qemu-io", "-c", "read -P 0x" + Integer.toHexString(pattern) + " 0 1M", disk.toString())
        == 0;
  }

  static String run(String... command) {
    List<String> output = new ArrayList<>();
    int exit = exit(output, command);
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
    return String.join("\n", output);
  }

  static int exit(String... command) {
    return exit(new ArrayList<>(), command);
  }

  private static int exit(List<String> output, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      output.add(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command[0] + ": is it installed?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
