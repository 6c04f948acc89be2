package org.vps.snapshots.hypervisor;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.vps.snapshots.application.port.Hypervisor.Job;
import org.vps.snapshots.application.port.Hypervisor.Taken;
import org.vps.snapshots.application.port.HypervisorException;
import org.vps.snapshots.application.port.JobStoppedException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.Consistency;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Disk-only snapshots of libvirt domains: each disk copied whole into a volume of its own storage
 * pool, named {@code <domain>-snap-<id>-<disk>.<consistency>.qcow2}, so that a snapshot never
 * depends on another and deleting one touches no other.
 *
 * <p>A running server is copied the way backup tools do it live: an external overlay takes the
 * guest's writes for a moment (its file systems frozen through the guest agent while the overlay is
 * made, when the agent answers; libvirt thaws them even if the call fails), the disk below it is
 * copied while nothing writes to it, and the overlay is committed back into the disk with the
 * progress libvirt reports. Every step can be taken again after a crash or a takeover: the overlay
 * names the snapshot and the consistency, and a commit under way is waited for, never restarted.
 * Everything goes through libvirt, so the hosts may be remote.
 */
final class DiskCopies {
  private static final Pattern PERCENT = Pattern.compile("\\[\\s*(\\d+)\\s*%\\]");
  private static final Pattern ALLOCATION = Pattern.compile("(?m)^Allocation:\\s+(\\d+)\\s+bytes");
  private static final long MB = 1024 * 1024;
  private static final long POLL_MILLIS = 200;
  private static final boolean INTERRUPTIBLE = true;
  private static final boolean TO_THE_END = false;
  private static final int COPIED = 20;
  private static final int COMMITTED = 95;

  private final Pattern domainName;
  private final Pattern copyName;

  /** Copies of the domains {@code domainName} matches, its one group being the server's id. */
  DiskCopies(Pattern domainName) {
    this.domainName = domainName;
    this.copyName =
        Pattern.compile(
            "(?:" + domainName.pattern() + ")-snap-(\\d+)-([A-Za-z0-9]+)\\.([a-z_]+)\\.qcow2");
  }

  /** A disk of a domain: its device, its file, and the file below it when it is an overlay. */
  record Disk(String target, Path source, Optional<Path> backing) {
    /** The consistency this disk's overlay names, when it is the overlay of {@code snapshot}. */
    Optional<Consistency> overlayOf(String domain, SnapshotId snapshot) {
      String name = source.getFileName().toString();
      String prefix = fileName(domain, snapshot, target);
      if (backing.isEmpty() || !name.startsWith(prefix) || !name.endsWith(".overlay")) {
        return Optional.empty();
      }
      return Consistency.fromCode(
          name.substring(prefix.length(), name.length() - ".overlay".length()));
    }
  }

  /** A copy held in a storage pool: one disk of one snapshot. */
  record Copy(
      String pool,
      String volume,
      ServerId server,
      SnapshotId snapshot,
      String target,
      Consistency consistency) {}

  /** Takes the snapshot of every disk of {@code domain}, running or not. */
  Taken take(Virsh virsh, String domain, SnapshotId snapshot, boolean running, Job job) {
    List<Disk> disks = disks(virsh, domain, job);
    List<Copy> held = copiesOf(virsh, domain, snapshot, job);
    Optional<Consistency> underWay = underWay(disks, domain, snapshot);
    if (underWay.isEmpty() && covers(held, disks)) {
      return Taken.of(allocatedMb(virsh, held, job), held.get(0).consistency());
    }
    if (underWay.isEmpty()) {
      // What an earlier attempt left half done is made again.
      remove(virsh, held, job);
      if (!running) {
        for (Disk disk : disks) {
          copy(virsh, domain, snapshot, disk, disk.source(), Consistency.POWERED_OFF, job);
        }
        job.progress(COMMITTED);
        return Taken.of(
            allocatedMb(virsh, copiesOf(virsh, domain, snapshot, job), job),
            Consistency.POWERED_OFF);
      }
      underWay = Optional.of(overlay(virsh, domain, snapshot, disks, job));
      disks = disks(virsh, domain, job);
    }
    Consistency consistency = underWay.get();
    job.progress(10);
    for (Disk disk : disks) {
      if (disk.overlayOf(domain, snapshot).isEmpty()) {
        continue;
      }
      if (!commitUnderWay(virsh, domain, disk, job)) {
        // Nothing writes to the disk below the overlay until its commit starts: copied now.
        List<Copy> before =
            copiesOf(virsh, domain, snapshot, job).stream()
                .filter(c -> c.target().equals(disk.target()))
                .toList();
        remove(virsh, before, job);
        copy(virsh, domain, snapshot, disk, disk.backing().orElseThrow(), consistency, job);
        job.progress(COPIED);
      }
      commitBack(virsh, domain, disk, "take the snapshot", job);
    }
    job.progress(COMMITTED);
    return Taken.of(allocatedMb(virsh, copiesOf(virsh, domain, snapshot, job), job), consistency);
  }

  /** Whether {@code snapshot} holds a copy of every disk of {@code domain}. */
  boolean holds(Virsh virsh, String domain, SnapshotId snapshot, Job job) {
    return covers(copiesOf(virsh, domain, snapshot, job), disks(virsh, domain, job));
  }

  /**
   * Puts the copies back in place of the disks, the domain stopped meanwhile, and starts it again
   * when it ran before. A restore taken again after a crash makes every disk again.
   */
  void restore(Virsh virsh, String domain, SnapshotId snapshot, boolean runningBefore, Job job) {
    List<Disk> disks = disks(virsh, domain, job);
    List<Copy> held = copiesOf(virsh, domain, snapshot, job);
    if (!covers(held, disks)) {
      throw new HypervisorException("the snapshot holds no copy of a disk the server has now");
    }
    if (underWay(disks, domain).isPresent()) {
      throw new HypervisorException("a snapshot of the server is still being taken");
    }
    job.beforeChange();
    if (!LibvirtHypervisor.state(virsh, domain, job).equals("shut off")) {
      virsh.run(job, TO_THE_END, "stop the server", "destroy", "--domain", domain);
    }
    for (Disk disk : disks) {
      Copy copy =
          held.stream().filter(c -> c.target().equals(disk.target())).findFirst().orElseThrow();
      String volume = disk.source().getFileName().toString();
      if (volumesOf(virsh, copy.pool(), job).contains(volume)) {
        job.beforeChange();
        virsh.run(
            job, TO_THE_END, "restore the snapshot", "vol-delete", "--pool", copy.pool(), volume);
      }
      job.beforeChange();
      virsh.run(
          job,
          TO_THE_END,
          "restore the snapshot",
          "vol-clone",
          "--pool",
          copy.pool(),
          copy.volume(),
          volume);
    }
    if (runningBefore) {
      job.beforeChange();
      virsh.run(job, TO_THE_END, "start the server", "start", "--domain", domain);
    }
  }

  /**
   * Removes the snapshot's copies, and first commits back an overlay an interrupted snapshot left
   * on the domain, so that nothing of it remains.
   */
  void delete(Virsh virsh, String domain, boolean domainExists, SnapshotId snapshot, Job job) {
    if (domainExists) {
      for (Disk disk : disks(virsh, domain, job)) {
        if (disk.overlayOf(domain, snapshot).isEmpty()) {
          continue;
        }
        commitBack(virsh, domain, disk, "remove the snapshot", job);
      }
    }
    remove(virsh, copiesOf(virsh, domain, snapshot, job), job);
  }

  /** Every copy in every active pool of the host, of any server. */
  List<Copy> copies(Virsh virsh, Job job) {
    List<Copy> found = new ArrayList<>();
    String pools = virsh.run(job, INTERRUPTIBLE, "list the storage pools", "pool-list", "--name");
    for (String pool : pools.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      for (String volume : volumesOf(virsh, pool, job)) {
        Matcher m = copyName.matcher(volume);
        if (!m.matches()) {
          continue;
        }
        Optional<Consistency> consistency = Consistency.fromCode(m.group(4));
        if (consistency.isEmpty()) {
          continue;
        }
        found.add(
            new Copy(
                pool,
                volume,
                new ServerId(Long.parseLong(m.group(1))),
                new SnapshotId(Long.parseLong(m.group(2))),
                m.group(3),
                consistency.get()));
      }
    }
    return found;
  }

  /** The snapshots whose overlay is still on {@code domain}'s disks. */
  Set<SnapshotId> overlaid(Virsh virsh, String domain, Job job) {
    Pattern overlay = Pattern.compile(Pattern.quote(domain) + "-snap-(\\d+)-.*\\.overlay");
    return disks(virsh, domain, job).stream()
        .map(d -> overlay.matcher(d.source().getFileName().toString()))
        .filter(Matcher::matches)
        .map(m -> new SnapshotId(Long.parseLong(m.group(1))))
        .collect(Collectors.toSet());
  }

  /** The copies of {@code snapshot} of {@code domain}'s server. */
  private List<Copy> copiesOf(Virsh virsh, String domain, SnapshotId snapshot, Job job) {
    Matcher name = domainName.matcher(domain);
    if (!name.matches()) {
      return List.of();
    }
    ServerId server = new ServerId(Long.parseLong(name.group(1)));
    return copies(virsh, job).stream()
        .filter(c -> c.server().equals(server) && c.snapshot().equals(snapshot))
        .toList();
  }

  private static boolean covers(List<Copy> held, List<Disk> disks) {
    Set<String> targets = held.stream().map(Copy::target).collect(Collectors.toSet());
    return !held.isEmpty() && disks.stream().allMatch(d -> targets.contains(d.target()));
  }

  private static Optional<Consistency> underWay(
      List<Disk> disks, String domain, SnapshotId snapshot) {
    return disks.stream().flatMap(d -> d.overlayOf(domain, snapshot).stream()).findFirst();
  }

  /** Whether any disk is an overlay of some snapshot under way. */
  private static Optional<Disk> underWay(List<Disk> disks, String domain) {
    return disks.stream()
        .filter(d -> d.backing().isPresent())
        .filter(d -> d.source().getFileName().toString().startsWith(domain + "-snap-"))
        .findFirst();
  }

  /**
   * Puts an overlay on every disk at one instant, the file systems frozen through the guest agent
   * while it is made; without an answer from the agent, the overlay is made unfrozen and the
   * snapshot is crash-consistent.
   */
  private static Consistency overlay(
      Virsh virsh, String domain, SnapshotId snapshot, List<Disk> disks, Job job) {
    job.beforeChange();
    try {
      createOverlay(virsh, domain, snapshot, disks, Consistency.QUIESCED, job);
      return Consistency.QUIESCED;
    } catch (Virsh.Refused e) {
      if (e.failure != Virsh.Failure.NO_AGENT) {
        throw e;
      }
    }
    job.beforeChange();
    createOverlay(virsh, domain, snapshot, disks, Consistency.CRASH_CONSISTENT, job);
    return Consistency.CRASH_CONSISTENT;
  }

  private static void createOverlay(
      Virsh virsh,
      String domain,
      SnapshotId snapshot,
      List<Disk> disks,
      Consistency consistency,
      Job job) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "snapshot-create-as",
                "--domain",
                domain,
                "--name",
                "snap-" + snapshot.value(),
                "--disk-only",
                "--atomic",
                "--no-metadata"));
    if (consistency == Consistency.QUIESCED) {
      args.add("--quiesce");
    }
    for (Disk disk : disks) {
      String overlay = fileName(domain, snapshot, disk.target()) + consistency.code() + ".overlay";
      args.add("--diskspec");
      args.add(disk.target() + ",snapshot=external,file=" + disk.source().resolveSibling(overlay));
    }
    virsh.run(job, TO_THE_END, "take the snapshot", args.toArray(String[]::new));
  }

  /**
   * The start of the name of every file of {@code snapshot}'s copy of disk {@code target}: its
   * overlay and its volume go on with the consistency and their kind.
   */
  static String fileName(String domain, SnapshotId snapshot, String target) {
    return domain + "-snap-" + snapshot.value() + "-" + target + ".";
  }

  /** Copies one disk's {@code file} into a volume of its pool named for the snapshot. */
  private void copy(
      Virsh virsh,
      String domain,
      SnapshotId snapshot,
      Disk disk,
      Path file,
      Consistency consistency,
      Job job) {
    String volume = fileName(domain, snapshot, disk.target()) + consistency.code() + ".qcow2";
    job.beforeChange();
    virsh.run(job, TO_THE_END, "copy the server's disk", "vol-clone", file.toString(), volume);
  }

  private static void remove(Virsh virsh, List<Copy> copies, Job job) {
    for (Copy copy : copies) {
      job.beforeChange();
      virsh.run(
          job,
          TO_THE_END,
          "remove the snapshot",
          "vol-delete",
          "--pool",
          copy.pool(),
          copy.volume());
    }
  }

  /**
   * Merges {@code disk}'s overlay back into the disk below it (the commit libvirt is running
   * already, or a new one) and pivots the domain onto that disk, the overlay removed.
   */
  private static void commitBack(Virsh virsh, String domain, Disk disk, String doing, Job job) {
    if (!commitUnderWay(virsh, domain, disk, job)) {
      job.beforeChange();
      virsh.run(
          job,
          TO_THE_END,
          doing,
          "blockcommit",
          "--domain",
          domain,
          "--path",
          disk.target(),
          "--active",
          "--delete");
    }
    finishCommit(virsh, domain, disk, job);
  }

  private static boolean commitUnderWay(Virsh virsh, String domain, Disk disk, Job job) {
    return PERCENT.matcher(blockJob(virsh, domain, disk, job)).find();
  }

  private static String blockJob(Virsh virsh, String domain, Disk disk, Job job) {
    ExternalCommand.Output info =
        virsh.call(
            job,
            INTERRUPTIBLE,
            "follow the snapshot",
            "blockjob",
            "--domain",
            domain,
            "--path",
            disk.target(),
            "--info");
    return info.stdout() + info.stderr();
  }

  /**
   * Follows the commit of {@code disk}'s overlay to its end, reporting libvirt's progress, and
   * pivots the domain back onto the disk; the overlay is removed with it.
   */
  private static void finishCommit(Virsh virsh, String domain, Disk disk, Job job) {
    while (true) {
      Matcher percent = PERCENT.matcher(blockJob(virsh, domain, disk, job));
      if (!percent.find()) {
        if (disks(virsh, domain, job).stream()
            .noneMatch(d -> d.target().equals(disk.target()) && d.backing().isPresent())) {
          return;
        }
        throw new HypervisorException("the virtualization backend stopped merging the snapshot");
      }
      int done = Integer.parseInt(percent.group(1));
      job.progress(COPIED + (COMMITTED - COPIED) * done / 100);
      if (done == 100) {
        try {
          virsh.run(
              job,
              TO_THE_END,
              "take the snapshot",
              "blockjob",
              "--domain",
              domain,
              "--path",
              disk.target(),
              "--pivot");
          return;
        } catch (Virsh.Refused notReady) {
          // Copied to the end but not yet in step: asked again at the next look.
        }
      }
      if (job.mustStop(INTERRUPTIBLE)) {
        // libvirt goes on with the commit; the next attempt waits for it.
        throw new JobStoppedException("stopped while the snapshot was being merged");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JobStoppedException("interrupted while the snapshot was being merged");
      }
    }
  }

  private static Set<String> volumesOf(Virsh virsh, String pool, Job job) {
    return virsh
        .run(job, INTERRUPTIBLE, "list the storage", "vol-list", "--pool", pool)
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .map(l -> l.split("\\s+")[0])
        .collect(Collectors.toSet());
  }

  private static long allocatedMb(Virsh virsh, List<Copy> copies, Job job) {
    long bytes = 0;
    for (Copy copy : copies) {
      Matcher m =
          ALLOCATION.matcher(
              virsh.run(
                  job,
                  INTERRUPTIBLE,
                  "read the snapshot's size",
                  "vol-info",
                  "--pool",
                  copy.pool(),
                  copy.volume(),
                  "--bytes"));
      if (!m.find()) {
        throw new HypervisorException("the virtualization backend gave no size for the snapshot");
      }
      bytes += Long.parseLong(m.group(1));
    }
    return (bytes + MB - 1) / MB;
  }

  /** The domain's file disks, as its live definition (or its stored one, when off) has them. */
  static List<Disk> disks(Virsh virsh, String domain, Job job) {
    String xml =
        virsh.run(job, INTERRUPTIBLE, "read the server's disks", "dumpxml", "--domain", domain);
    List<Disk> disks = new ArrayList<>();
    NodeList nodes = parse(xml).getElementsByTagName("disk");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element disk = (Element) nodes.item(i);
      if (!"disk".equals(disk.getAttribute("device"))) {
        continue;
      }
      Optional<String> source = childAttribute(disk, "source", "file");
      Optional<String> target = childAttribute(disk, "target", "dev");
      if (source.isEmpty() || target.isEmpty()) {
        throw new HypervisorException("the server has a disk that is not a file");
      }
      Optional<Path> backing =
          child(disk, "backingStore")
              .flatMap(b -> childAttribute(b, "source", "file"))
              .map(Path::of);
      disks.add(new Disk(target.get(), Path.of(source.get()), backing));
    }
    if (disks.isEmpty()) {
      throw new HypervisorException("the server has no disk");
    }
    return disks;
  }

  private static Optional<Element> child(Element parent, String name) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> childAttribute(Element parent, String name, String attribute) {
    return child(parent, name).map(e -> e.getAttribute(attribute)).filter(v -> !v.isEmpty());
  }

  private static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      // Errors are thrown, not also printed on the standard error.
      builder.setErrorHandler(
          new DefaultHandler() {
            @Override
            public void error(SAXParseException e) throws SAXException {
              throw e;
            }
          });
      return builder.parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new HypervisorException(
          "the virtualization backend described the server unreadably", e);
    }
  }
}
