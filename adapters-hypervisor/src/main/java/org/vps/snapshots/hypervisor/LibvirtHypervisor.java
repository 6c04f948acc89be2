package org.vps.snapshots.hypervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.port.Hypervisor;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * Snapshots of libvirt domains, as a KVM host runs them: a running server's snapshot holds its
 * disks and its memory together (libvirt's internal snapshot of qcow2 disks, the way Proxmox takes
 * them), so a restore resumes the guest where it was; a stopped server's snapshot holds its disks.
 * Restoring reverts the domain and leaves it in the power state it had before. Every call to
 * libvirt goes through {@code virsh} with a timeout; a step that changes the domain is confirmed
 * with the job first and never cut off midway. With {@code {host}} in the connection URI, each
 * operation goes to the host it was queued for, through that host's own URI.
 */
public final class LibvirtHypervisor implements Hypervisor {
  private static final Logger LOG = Logger.getLogger(LibvirtHypervisor.class);
  private static final Pattern TAG = Pattern.compile("snap-(\\d+)");
  private static final Pattern ALLOCATION =
      Pattern.compile("(?m)^\\s*\\S+\\s+\\d+\\s+(\\d+)\\s+\\d+\\s*$");
  private static final long MB = 1024 * 1024;
  private static final boolean INTERRUPTIBLE = true;
  private static final boolean TO_THE_END = false;

  private static final String HOST = "{host}";

  private final LibvirtEngineConfig config;
  private final String domainTemplate;
  private final Pattern domainName;
  private final Map<Optional<Host>, Virsh> virshByHost = new ConcurrentHashMap<>();

  public LibvirtHypervisor(LibvirtEngineConfig config) {
    if (!config.domain().contains("{server}")) {
      throw new IllegalStateException(
          "snapshots.engine.libvirt.domain must contain {server}: it is " + config.domain());
    }
    this.config = config;
    this.domainTemplate = config.domain();
    this.domainName =
        Pattern.compile(Pattern.quote(config.domain()).replace("{server}", "\\E(\\d+)\\Q"));
  }

  /** Whether the URI names each server's host, or the one host every server runs on. */
  private boolean manyHosts() {
    return config.uri().contains(HOST);
  }

  /** The connection to the host the job works on. */
  private Virsh virsh(Job job) {
    if (!manyHosts()) {
      return virsh(Optional.empty());
    }
    if (job.host().isEmpty()) {
      throw new HypervisorException("the server has no virtualization host on record");
    }
    return virsh(job.host());
  }

  private Virsh virsh(Optional<Host> host) {
    return virshByHost.computeIfAbsent(
        host,
        h ->
            new Virsh(
                config.virsh(),
                h.map(name -> config.uri().replace(HOST, name.value())).orElse(config.uri()),
                config.timeout()));
  }

  /** The libvirt domain that is server {@code server}. */
  public String domainOf(ServerId server) {
    return domainTemplate.replace("{server}", Long.toString(server.value()));
  }

  @Override
  public long takeSnapshot(ServerId server, SnapshotId snapshot, Job job) {
    Virsh virsh = virsh(job);
    String domain = domainOf(server);
    // Taken again after a crash or a takeover, a snapshot libvirt already holds is the result.
    if (!snapshotsOf(virsh, domain, job).contains(tag(snapshot))) {
      job.progress(10);
      job.beforeChange();
      virsh.run(
          job,
          TO_THE_END,
          "take the snapshot",
          "snapshot-create-as",
          "--domain",
          domain,
          "--name",
          tag(snapshot),
          "--description",
          "snapshot " + snapshot.value() + " of server " + server.value(),
          "--atomic");
    }
    job.progress(90);
    return allocatedMb(virsh, domain, job);
  }

  @Override
  public void restoreSnapshot(
      ServerId server, SnapshotId snapshot, boolean runningBefore, Job job) {
    Virsh virsh = virsh(job);
    String domain = domainOf(server);
    // Checked before anything changes: a missing snapshot leaves the server as it was.
    if (!snapshotsOf(virsh, domain, job).contains(tag(snapshot))) {
      throw new HypervisorException(
          "snapshot "
              + snapshot.value()
              + " is not held by the virtual machine of server "
              + server.value());
    }
    job.beforeChange();
    // Reverted paused when the server was not running before, so that the guest never runs on.
    virsh.run(
        job,
        TO_THE_END,
        "restore the snapshot",
        "snapshot-revert",
        "--domain",
        domain,
        "--snapshotname",
        tag(snapshot),
        runningBefore ? "--running" : "--paused",
        "--force");
    if (!runningBefore && !state(virsh, domain, job).equals("shut off")) {
      virsh.run(job, TO_THE_END, "stop the server", "destroy", "--domain", domain);
    }
  }

  @Override
  public void deleteSnapshot(ServerId server, SnapshotId snapshot, Job job) {
    Virsh virsh = virsh(job);
    String domain = domainOf(server);
    // A domain that is gone took its disks, and the snapshots inside them, with it.
    if (!heldBy(virsh, domain, job).contains(tag(snapshot))) {
      return;
    }
    job.beforeChange();
    virsh.run(
        job,
        TO_THE_END,
        "remove the snapshot",
        "snapshot-delete",
        "--domain",
        domain,
        "--snapshotname",
        tag(snapshot));
  }

  /**
   * With one host, what it holds; with many, what each of {@code hosts} holds, a host that cannot
   * be asked left out this time so that the others are still looked after.
   */
  @Override
  public List<Stored> stored(Set<Host> hosts) {
    if (!manyHosts()) {
      return storedOn(Optional.empty());
    }
    List<Stored> found = new ArrayList<>();
    for (Host host : hosts) {
      try {
        found.addAll(storedOn(Optional.of(host)));
      } catch (HypervisorException e) {
        LOG.warnf("host %s is left out of this look for stored snapshots: %s", host.value(), e);
      }
    }
    return found;
  }

  private List<Stored> storedOn(Optional<Host> host) {
    Virsh virsh = virsh(host);
    List<Stored> found = new ArrayList<>();
    String domains =
        virsh.run(Job.UNSUPERVISED, INTERRUPTIBLE, "list the servers", "list", "--all", "--name");
    for (String domain : domains.lines().map(String::strip).toList()) {
      Matcher name = domainName.matcher(domain);
      if (!name.matches()) {
        continue;
      }
      ServerId server = new ServerId(Long.parseLong(name.group(1)));
      for (String tag : heldBy(virsh, domain, Job.UNSUPERVISED)) {
        serverSnapshot(tag).ifPresent(id -> found.add(new Stored(server, id, host.orElse(null))));
      }
    }
    return found;
  }

  /** The snapshots a domain holds; none once the domain is gone (undefined since it was listed). */
  private Set<String> heldBy(Virsh virsh, String domain, Job job) {
    try {
      return snapshotsOf(virsh, domain, job);
    } catch (Virsh.Refused e) {
      if (e.failure == Virsh.Failure.NO_DOMAIN) {
        return Set.of();
      }
      throw e;
    }
  }

  /**
   * libvirt leaves no files of this backend's behind: an interrupted snapshot is in {@link
   * #stored(Set)}.
   */
  @Override
  public int removeLeftovers(Duration age) {
    return 0;
  }

  /** Whether the virtual machine of {@code server} on {@code host} holds the snapshot. */
  public boolean holds(Optional<Host> host, ServerId server, SnapshotId snapshot) {
    return snapshotsOf(virsh(host), domainOf(server), Job.UNSUPERVISED).contains(tag(snapshot));
  }

  /** Whether the virtual machine of {@code server} on the one host holds the snapshot. */
  public boolean holds(ServerId server, SnapshotId snapshot) {
    return holds(Optional.empty(), server, snapshot);
  }

  /** The domain's state as virsh names it: {@code running}, {@code paused}, {@code shut off}… */
  public String state(ServerId server) {
    return state(virsh(Optional.empty()), domainOf(server), Job.UNSUPERVISED);
  }

  private static String state(Virsh virsh, String domain, Job job) {
    return virsh
        .run(job, INTERRUPTIBLE, "read the server's state", "domstate", "--domain", domain)
        .strip();
  }

  private static Set<String> snapshotsOf(Virsh virsh, String domain, Job job) {
    return virsh
        .run(
            job, INTERRUPTIBLE, "list the snapshots", "snapshot-list", "--domain", domain, "--name")
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .collect(Collectors.toSet());
  }

  /** What the domain's disks take on their storage, the snapshots inside them included. */
  private static long allocatedMb(Virsh virsh, String domain, Job job) {
    Matcher rows =
        ALLOCATION.matcher(
            virsh.run(
                job,
                INTERRUPTIBLE,
                "read the snapshot's size",
                "domblkinfo",
                "--domain",
                domain,
                "--all"));
    long bytes = 0;
    boolean any = false;
    while (rows.find()) {
      bytes += Long.parseLong(rows.group(1));
      any = true;
    }
    if (!any) {
      throw new HypervisorException("the virtualization backend gave no size for the snapshot");
    }
    return (bytes + MB - 1) / MB;
  }

  private static Optional<SnapshotId> serverSnapshot(String tag) {
    Matcher m = TAG.matcher(tag);
    return m.matches() ? Optional.of(new SnapshotId(Long.parseLong(m.group(1)))) : Optional.empty();
  }

  private static String tag(SnapshotId snapshot) {
    return "snap-" + snapshot.value();
  }
}
