package org.vps.snapshots.hypervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
import org.vps.snapshots.domain.snapshot.Consistency;

/**
 * Snapshots of libvirt domains, as a KVM host runs them. In {@code memory} mode a running server's
 * snapshot holds its disks and its memory together (libvirt's internal snapshot of qcow2 disks, the
 * way Proxmox takes them), so a restore resumes the guest where it was; in {@code disk-only} mode
 * its disks are copied whole, quiesced through the guest agent where it answers ({@link
 * DiskCopies}). A stopped server's snapshot holds its disks. Restore and delete find either kind.
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
  private static final Pattern SHUT_OFF = Pattern.compile("(?m)^State:\\s+shutoff");
  private static final long MB = 1024 * 1024;
  private static final boolean INTERRUPTIBLE = true;
  private static final boolean TO_THE_END = false;

  private static final String HOST = "{host}";

  private final LibvirtEngineConfig config;
  private final String domainTemplate;
  private final Pattern domainName;
  private final Map<Optional<Host>, Virsh> virshByHost = new ConcurrentHashMap<>();
  private final DiskCopies copies;

  public LibvirtHypervisor(LibvirtEngineConfig config) {
    if (!config.domain().contains("{server}")) {
      throw new IllegalStateException(
          "snapshots.engine.libvirt.domain must contain {server}: it is " + config.domain());
    }
    this.config = config;
    this.domainTemplate = config.domain();
    this.domainName =
        Pattern.compile(Pattern.quote(config.domain()).replace("{server}", "\\E(\\d+)\\Q"));
    this.copies = new DiskCopies(domainName);
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
  public Taken takeSnapshot(ServerId server, SnapshotId snapshot, Job job) {
    Virsh virsh = virsh(job);
    String domain = domainOf(server);
    boolean running = !state(virsh, domain, job).equals("shut off");
    if (config.mode() == LibvirtEngineConfig.Mode.DISK_ONLY) {
      return copies.take(virsh, domain, snapshot, running, job);
    }
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
    return Taken.of(
        allocatedMb(virsh, domain, job), internalConsistency(virsh, domain, snapshot, job));
  }

  /** A snapshot of a running domain holds its memory; one of a domain that was off, its disks. */
  private static Consistency internalConsistency(
      Virsh virsh, String domain, SnapshotId snapshot, Job job) {
    String info =
        virsh.run(
            job,
            INTERRUPTIBLE,
            "read the snapshot",
            "snapshot-info",
            "--domain",
            domain,
            "--snapshotname",
            tag(snapshot));
    return SHUT_OFF.matcher(info).find() ? Consistency.POWERED_OFF : Consistency.MEMORY;
  }

  @Override
  public void restoreSnapshot(
      ServerId server, SnapshotId snapshot, boolean runningBefore, Job job) {
    Virsh virsh = virsh(job);
    String domain = domainOf(server);
    // Checked before anything changes: a missing snapshot leaves the server as it was.
    Set<String> internal = snapshotsOf(virsh, domain, job);
    if (!internal.contains(tag(snapshot)) && copies.holds(virsh, domain, snapshot, job)) {
      if (!internal.isEmpty()) {
        // Putting copies in place of the disks would lose the memory snapshots inside them.
        throw new HypervisorException(
            "the server also holds memory snapshots, which restoring a disk-only snapshot would"
                + " lose");
      }
      copies.restore(virsh, domain, snapshot, runningBefore, job);
      return;
    }
    if (!internal.contains(tag(snapshot))) {
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
    // A domain that is gone took its disks, and the snapshots inside them, with it; its copies in
    // a storage pool are removed all the same.
    Optional<Set<String>> internal = heldBy(virsh, domain, job);
    if (internal.orElse(Set.of()).contains(tag(snapshot))) {
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
    copies.delete(virsh, domain, internal.isPresent(), snapshot, job);
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
    Set<Stored> held = new LinkedHashSet<>();
    String domains =
        virsh.run(Job.UNSUPERVISED, INTERRUPTIBLE, "list the servers", "list", "--all", "--name");
    for (String domain : domains.lines().map(String::strip).toList()) {
      Matcher name = domainName.matcher(domain);
      if (!name.matches()) {
        continue;
      }
      ServerId server = new ServerId(Long.parseLong(name.group(1)));
      Optional<Set<String>> internal = heldBy(virsh, domain, Job.UNSUPERVISED);
      for (String tag : internal.orElse(Set.of())) {
        serverSnapshot(tag).ifPresent(id -> held.add(new Stored(server, id, host.orElse(null))));
      }
      if (internal.isPresent()) {
        // An overlay an interrupted disk-only snapshot left on the domain.
        for (SnapshotId id : copies.overlaid(virsh, domain, Job.UNSUPERVISED)) {
          held.add(new Stored(server, id, host.orElse(null)));
        }
      }
    }
    for (DiskCopies.Copy copy : copies.copies(virsh, Job.UNSUPERVISED)) {
      held.add(new Stored(copy.server(), copy.snapshot(), host.orElse(null)));
    }
    return List.copyOf(held);
  }

  /**
   * The snapshots a domain holds inside its disks; empty once the domain is gone (undefined since
   * it was listed).
   */
  private Optional<Set<String>> heldBy(Virsh virsh, String domain, Job job) {
    try {
      return Optional.of(snapshotsOf(virsh, domain, job));
    } catch (Virsh.Refused e) {
      if (e.failure == Virsh.Failure.NO_DOMAIN) {
        return Optional.empty();
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

  static String state(Virsh virsh, String domain, Job job) {
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
