package org.vps.snapshots.hypervisor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;

/**
 * Runs {@code virsh} commands against one libvirt host, turning every way they can fail into a
 * reason a customer can read; what libvirt said goes to the log. The connections are pooled: each
 * is a {@link VirshShell} kept open between commands, as many as commands run at once (up to
 * {@value #IDLE} kept idle); one that lost its host, ran out of time or was stopped is dropped, so
 * the next command connects afresh.
 */
final class Virsh implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Virsh.class);
  static final int IDLE = 4;
  private final String executable;
  private final String uri;
  private final Duration timeout;
  private final Deque<VirshShell> idle = new ArrayDeque<>();

  Virsh(String executable, String uri, Duration timeout) {
    this.executable = executable;
    this.uri = uri;
    this.timeout = timeout;
  }

  /** What went wrong, as far as the caller needs to tell it apart. */
  enum Failure {
    UNREACHABLE,
    NO_DOMAIN,
    NO_SNAPSHOT,
    NO_AGENT,
    OTHER
  }

  /** A call libvirt refused. */
  static final class Refused extends HypervisorException {
    final Failure failure;

    Refused(Failure failure, String reason) {
      super(reason);
      this.failure = failure;
    }
  }

  /**
   * Runs {@code virsh args…} for {@code job}; answers its standard output, or throws {@link
   * Refused} with a reason for the customer when libvirt refused.
   */
  String run(Hypervisor.Job job, boolean interruptible, String doing, String... args) {
    return call(job, interruptible, doing, args).stdout();
  }

  /** As {@link #run}, answering both outputs: virsh reports a block job's progress on stderr. */
  ExternalCommand.Output call(
      Hypervisor.Job job, boolean interruptible, String doing, String... args) {
    VirshShell shell = shell();
    ExternalCommand.Output output = shell.run(List.of(args), job, interruptible, timeout);
    String said = output.stderr().strip();
    Failure failure = output.exitCode() == 0 ? null : classify(said);
    if (shell.alive() && failure != Failure.UNREACHABLE) {
      release(shell);
    } else {
      shell.close();
    }
    if (failure == null) {
      return output;
    }
    LOG.warnf("virsh %s on %s failed: %s", String.join(" ", args), uri, said);
    throw new Refused(
        failure,
        switch (failure) {
          case UNREACHABLE -> "the virtualization host cannot be reached";
          case NO_DOMAIN -> "the server has no virtual machine on its host";
          case NO_SNAPSHOT -> "the virtual machine holds no such snapshot";
          case NO_AGENT -> "the server's guest agent did not answer";
          case OTHER -> "the virtualization backend could not " + doing;
        });
  }

  /** An open connection: an idle one, or a new one. */
  private VirshShell shell() {
    synchronized (idle) {
      while (!idle.isEmpty()) {
        VirshShell shell = idle.pop();
        if (shell.alive()) {
          return shell;
        }
      }
    }
    return VirshShell.open(executable, uri);
  }

  private void release(VirshShell shell) {
    synchronized (idle) {
      if (idle.size() < IDLE) {
        idle.push(shell);
        return;
      }
    }
    shell.close();
  }

  /** How many connections are open and idle. */
  int idleConnections() {
    synchronized (idle) {
      return (int) idle.stream().filter(VirshShell::alive).count();
    }
  }

  /** Closes every idle connection. */
  @Override
  public void close() {
    synchronized (idle) {
      idle.forEach(VirshShell::close);
      idle.clear();
    }
  }

  /** Tells libvirt's error messages apart by the words its drivers use. */
  static Failure classify(String said) {
    String text = said.toLowerCase(Locale.ROOT);
    if (text.contains("failed to connect")
        || text.contains("unable to connect")
        || text.contains("cannot recv data")
        || text.contains("no route to host")
        || text.contains("connection refused")) {
      return Failure.UNREACHABLE;
    }
    if (text.contains("domain not found") || text.contains("failed to get domain")) {
      return Failure.NO_DOMAIN;
    }
    if (text.contains("snapshot not found") || text.contains("no domain snapshot with matching")) {
      return Failure.NO_SNAPSHOT;
    }
    if (text.contains("guest agent")) {
      return Failure.NO_AGENT;
    }
    return Failure.OTHER;
  }
}
