package org.vps.snapshots.hypervisor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.application.port.JobStoppedException;

/**
 * Runs one external command for a job: both its outputs are read while it runs (a full pipe never
 * blocks it), it is killed with all its children when its time is up or when the job must stop, and
 * the progress it prints is passed on to the job from the waiting thread.
 */
final class ExternalCommand {
  private static final Logger LOG = Logger.getLogger(ExternalCommand.class);
  private static final Pattern PROGRESS = Pattern.compile("\\((\\d+)(?:\\.\\d+)?/100%\\)");
  private static final long POLL_MILLIS = 50;

  /** What a finished command printed. */
  record Output(int exitCode, String stdout, String stderr) {}

  private final List<String> command;
  private final String name;
  private final Duration timeout;

  ExternalCommand(List<String> command, String name, Duration timeout) {
    this.command = List.copyOf(command);
    this.name = name;
    this.timeout = timeout;
  }

  /**
   * Runs the command to its end. {@code interruptible = false} for a step that must not be cut off
   * (a disk being overwritten): then only a lost lease stops it.
   */
  Output run(Hypervisor.Job job, boolean interruptible) {
    Process process;
    try {
      process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      LOG.warnf("%s could not be run (%s): %s", name, command.get(0), e.getMessage());
      throw new HypervisorException(name + " could not be run: is it installed?", e);
    }
    AtomicInteger progress = new AtomicInteger(-1);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    Thread outReader = reader(process.getInputStream(), stdout, progress, name + "-stdout");
    Thread errReader = reader(process.getErrorStream(), stderr, null, name + "-stderr");
    try {
      int reported = waitFor(process, job, interruptible, progress);
      outReader.join(TimeUnit.SECONDS.toMillis(5));
      errReader.join(TimeUnit.SECONDS.toMillis(5));
      if (progress.get() > reported) {
        job.progress(progress.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(process);
      throw new JobStoppedException(name + " was interrupted");
    } catch (RuntimeException e) {
      kill(process);
      throw e;
    }
    return new Output(process.exitValue(), text(stdout), text(stderr));
  }

  /** Waits for the command's end; answers the last progress passed on. */
  private int waitFor(
      Process process, Hypervisor.Job job, boolean interruptible, AtomicInteger progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int reported = -1;
    while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      if (job.mustStop(interruptible)) {
        throw new JobStoppedException(name + " was stopped: the job must stop");
      }
      int percent = progress.get();
      if (percent > reported) {
        reported = percent;
        job.progress(percent);
      }
      if (System.nanoTime() > deadline) {
        kill(process);
        throw new HypervisorException(name + " did not finish within " + timeout);
      }
    }
    return reported;
  }

  /** Kills the command and everything it started, and waits for them to go. */
  static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread reader(
      InputStream stream, ByteArrayOutputStream into, AtomicInteger progress, String name) {
    Thread reader =
        new Thread(
            () -> {
              StringBuilder line = new StringBuilder();
              try {
                int c;
                while ((c = stream.read()) != -1) {
                  synchronized (into) {
                    into.write(c);
                  }
                  if (progress == null) {
                    continue;
                  }
                  if (c == '\r' || c == '\n') {
                    Matcher m = PROGRESS.matcher(line);
                    if (m.find()) {
                      progress.accumulateAndGet(Integer.parseInt(m.group(1)), Math::max);
                    }
                    line.setLength(0);
                  } else if (line.length() < 1024) {
                    line.append((char) c);
                  }
                }
              } catch (IOException e) {
                // The stream closes when the command is killed; its exit code tells the rest.
              }
            },
            name);
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private static String text(ByteArrayOutputStream bytes) {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
