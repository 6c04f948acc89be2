package org.vps.snapshots.hypervisor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vps.snapshots.application.port.HypervisorException;

/** Runs {@code qemu-img}, turning every way it can fail into a reason a customer can read. */
final class QemuImg {
  private static final Pattern PROGRESS = Pattern.compile("\\((\\d+)(?:\\.\\d+)?/100%\\)");

  private final String executable;
  private final Duration timeout;

  QemuImg(String executable, Duration timeout) {
    this.executable = executable;
    this.timeout = timeout;
  }

  /** Runs {@code qemu-img args…} (or the tool this was made for); answers its standard output. */
  String run(String... args) {
    return run(percent -> {}, args);
  }

  /** Runs {@code qemu-img args…}, passing on the progress it prints (with {@code -p}). */
  String run(IntConsumer progress, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new HypervisorException(
          Path.of(executable).getFileName()
              + " could not be run ("
              + executable
              + "): is qemu-utils installed?",
          e);
    }
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    Thread errorReader = drain(process.getErrorStream(), errors);
    String output = readOutput(process.getInputStream(), progress);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new HypervisorException("qemu-img " + args[0] + " did not finish within " + timeout);
      }
      errorReader.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new HypervisorException("qemu-img " + args[0] + " was interrupted", e);
    }
    if (process.exitValue() != 0) {
      String reason = errors.toString(StandardCharsets.UTF_8).strip();
      throw new HypervisorException(
          "qemu-img "
              + args[0]
              + " failed: "
              + (reason.isEmpty() ? "exit " + process.exitValue() : reason));
    }
    return output;
  }

  private static String readOutput(InputStream stream, IntConsumer progress) {
    StringBuilder all = new StringBuilder();
    StringBuilder line = new StringBuilder();
    try {
      int c;
      while ((c = stream.read()) != -1) {
        all.append((char) c);
        if (c == '\r' || c == '\n') {
          Matcher m = PROGRESS.matcher(line);
          if (m.find()) {
            progress.accept(Integer.parseInt(m.group(1)));
          }
          line.setLength(0);
        } else {
          line.append((char) c);
        }
      }
    } catch (IOException e) {
      throw new HypervisorException("the output of qemu-img could not be read", e);
    }
    return all.toString();
  }

  private static Thread drain(InputStream stream, ByteArrayOutputStream into) {
    Thread reader =
        new Thread(
            () -> {
              try {
                stream.transferTo(into);
              } catch (IOException e) {
                // The exit code still tells whether the command worked.
              }
            },
            "qemu-img-stderr");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
