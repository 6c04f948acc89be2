package org.vps.snapshots.hypervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;

/**
 * Runs {@code virsh} against one libvirt connection, turning every way it can fail into a reason a
 * customer can read; what libvirt said goes to the log.
 */
final class Virsh {
  private static final Logger LOG = Logger.getLogger(Virsh.class);
  private final String executable;
  private final String uri;
  private final Duration timeout;

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
    List<String> command = new ArrayList<>(List.of(executable, "--quiet", "--connect", uri));
    command.addAll(List.of(args));
    ExternalCommand.Output output =
        new ExternalCommand(command, "virsh " + args[0], timeout).run(job, interruptible);
    if (output.exitCode() == 0) {
      return output;
    }
    String said = output.stderr().strip();
    LOG.warnf(
        "virsh %s on %s exited with %d: %s", String.join(" ", args), uri, output.exitCode(), said);
    Failure failure = classify(said);
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
