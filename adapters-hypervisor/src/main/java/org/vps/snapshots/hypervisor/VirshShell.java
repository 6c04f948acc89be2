package org.vps.snapshots.hypervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.application.port.JobStoppedException;

/**
 * One open connection to a libvirt host: a {@code virsh} shell that runs one command at a time,
 * read from its standard input. After each command it is asked to echo a marker of the call on both
 * outputs, so that what the command printed is exactly what comes before them; a command that
 * failed printed {@code error:} lines on the error output. A shell whose command ran out of time,
 * had to be stopped, or lost its host is killed and never used again.
 */
final class VirshShell implements AutoCloseable {
  private static final long POLL_MILLIS = 100;
  private static final String PROMPT = "virsh # ";
  private static final String ERROR = "error: ";

  private final Process process;
  private final OutputStream input;
  private final StringBuilder stdout = new StringBuilder();
  private final StringBuilder stderr = new StringBuilder();
  private final String nonce = UUID.randomUUID().toString().replace("-", "");
  private final AtomicLong calls = new AtomicLong();
  private final List<Thread> readers;

  private VirshShell(Process process) {
    this.process = process;
    this.input = process.getOutputStream();
    this.readers =
        List.of(
            read(process.getInputStream(), stdout, "virsh-shell-stdout"),
            read(process.getErrorStream(), stderr, "virsh-shell-stderr"));
  }

  /** Opens a shell connected to {@code uri}. */
  static VirshShell open(String executable, String uri) {
    try {
      return new VirshShell(new ProcessBuilder(executable, "--quiet", "--connect", uri).start());
    } catch (IOException e) {
      throw new HypervisorException("virsh could not be run: is it installed?", e);
    }
  }

  /** Whether the shell can take another command. */
  boolean alive() {
    return process.isAlive();
  }

  /**
   * Runs one command; answers what it printed, with exit code 1 when it printed an error. Throws
   * {@link JobStoppedException} or a timeout's {@link HypervisorException} after killing the shell.
   */
  ExternalCommand.Output run(
      List<String> args, Hypervisor.Job job, boolean interruptible, Duration timeout) {
    String marker = "end-" + nonce + "-" + calls.incrementAndGet();
    String command = args.stream().map(VirshShell::quote).collect(Collectors.joining(" "));
    try {
      input.write(
          (command + "\necho --err " + marker + "\necho " + marker + "\n")
              .getBytes(StandardCharsets.UTF_8));
      input.flush();
    } catch (IOException e) {
      return ended();
    }
    ExternalCommand.Output answer =
        awaitAnswer(new Call(args.get(0), command, marker, job, interruptible, timeout));
    // A shell that ended is read outside this object's lock: its readers need the lock to take
    // what it said last, and would otherwise wait out the join while its error went unread.
    return answer != null ? answer : ended();
  }

  /** One command sent to the shell, and how long and under which job it may run. */
  private record Call(
      String verb,
      String command,
      String marker,
      Hypervisor.Job job,
      boolean interruptible,
      Duration timeout) {}

  /** What the command printed, once both markers are in; null when the shell ended first. */
  private synchronized ExternalCommand.Output awaitAnswer(Call call) {
    long deadline = System.nanoTime() + call.timeout().toNanos();
    while (!answered(call.marker())) {
      if (!process.isAlive()) {
        return null;
      }
      if (call.job().mustStop(call.interruptible())) {
        close();
        throw new JobStoppedException("virsh " + call.verb() + " was stopped: the job must stop");
      }
      if (System.nanoTime() > deadline) {
        close();
        throw new HypervisorException(
            "virsh " + call.verb() + " did not finish within " + call.timeout());
      }
      try {
        wait(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new JobStoppedException("virsh " + call.verb() + " was interrupted");
      }
    }
    String marker = call.marker();
    String command = call.command();
    String out = take(stdout, "echo --err " + marker, marker);
    String err = take(stderr, ERROR + marker + "\n", null);
    String echoed = PROMPT + command + "\n";
    if (out.startsWith(echoed)) {
      out = out.substring(echoed.length());
    }
    if (out.endsWith(PROMPT)) {
      out = out.substring(0, out.length() - PROMPT.length());
    }
    boolean failed = err.lines().anyMatch(VirshShell::failure);
    return new ExternalCommand.Output(failed ? 1 : 0, out, err);
  }

  /**
   * Whether virsh's line says the command failed. A shell whose host restarted says it was
   * disconnected and reconnected, as errors, before it runs the command on the new connection.
   */
  private static boolean failure(String line) {
    return line.startsWith(ERROR)
        && !line.startsWith(ERROR + "Disconnected from ")
        && !line.equals(ERROR + "Reconnected to the hypervisor");
  }

  /** Both outputs carry the call's marker: on stdout, as the echo's output after its command. */
  private boolean answered(String marker) {
    int echoed = stdout.indexOf("echo " + marker + "\n");
    return echoed >= 0
        && stdout.indexOf(marker, echoed + ("echo " + marker + "\n").length()) >= 0
        && stderr.indexOf(ERROR + marker + "\n") >= 0;
  }

  /**
   * Takes from {@code buffer} what the command printed, up to {@code end}, and drops the rest of
   * this call's output, up to {@code last} (its final marker) where given.
   */
  private static String take(StringBuilder buffer, String end, String last) {
    int at = buffer.indexOf(end);
    String printed = buffer.substring(0, at);
    int through = at + end.length();
    if (last != null) {
      int echoed = buffer.indexOf("echo " + last + "\n", through);
      through = buffer.indexOf(last, echoed + ("echo " + last + "\n").length()) + last.length();
    }
    buffer.delete(0, through);
    return printed;
  }

  /** The shell ended (it could not connect, or its host went): what it said, as a failure. */
  private ExternalCommand.Output ended() {
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        // Its input is gone but it runs on: it will not answer.
        close();
      }
      for (Thread reader : readers) {
        reader.join(TimeUnit.SECONDS.toMillis(2));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      return new ExternalCommand.Output(
          process.isAlive() || process.exitValue() == 0 ? 1 : process.exitValue(),
          stdout.toString(),
          stderr.toString());
    }
  }

  /** Quoted for virsh's command parser: single quotes, a quote in it as {@code '\''}. */
  static String quote(String arg) {
    if (arg.indexOf('\n') >= 0 || arg.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a virsh argument cannot hold a line break");
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  private Thread read(InputStream stream, StringBuilder into, String name) {
    Thread reader =
        new Thread(
            () -> {
              char[] chunk = new char[8192];
              try (Reader text = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                int n;
                while ((n = text.read(chunk)) != -1) {
                  synchronized (this) {
                    into.append(chunk, 0, n);
                    notifyAll();
                  }
                }
              } catch (IOException e) {
                // Closed with the shell.
              }
              synchronized (this) {
                notifyAll();
              }
            },
            name);
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  /** Kills the shell and whatever it started (an ssh to the host). */
  @Override
  public void close() {
    ExternalCommand.kill(process);
  }
}
