package org.vps.snapshots.hypervisor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.vps.snapshots.hypervisor.LibvirtEngineConfig.Mode;

/**
 * A libvirt daemon of the tests' own (session mode, every file in one folder) and the tiny guest
 * they run on it: a busybox init that counts, keeping the counter in its disk's first sector and
 * printing it on its serial console. Shared with the application's libvirt flow test.
 */
public final class LibvirtHost implements AutoCloseable {
  private static final Path SCRIPTS =
      Stream.of("src/test/libvirt", "../adapters-hypervisor/src/test/libvirt")
          .map(Path::of)
          .filter(Files::isDirectory)
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("the libvirt test scripts are not found"));
  private static final Path GUEST = Path.of("target/libvirt-guest");
  private static final Pattern COUNTER = Pattern.compile("counter (\\d+)");
  private static final Pattern FROZEN = Pattern.compile("frozen at (\\d+)");
  private static final Pattern THAWED = Pattern.compile("(thawed)");
  static final String POOL = "vps";

  public final Path home;
  public final String uri;

  private LibvirtHost(Path home, String uri) {
    this.home = home;
    this.uri = uri;
  }

  public static LibvirtHost start() {
    try {
      return start(Files.createTempDirectory("libvirt-host"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A daemon whose files are all under {@code home}, its socket {@code run/libvirt/libvirt-sock}.
   */
  public static LibvirtHost start(Path home) {
    try {
      Files.createDirectories(home);
      Disks.run(SCRIPTS.resolve("guest.sh").toString(), GUEST.toString());
      String uri = Disks.run(SCRIPTS.resolve("host.sh").toString(), "start", home.toString());
      return new LibvirtHost(home, uri.strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the daemon, as a host that went away; {@link #restart()} brings it back. */
  public void stopDaemon() {
    Disks.exit(SCRIPTS.resolve("host.sh").toString(), "stop", home.toString());
  }

  /** Starts the daemon again on the same files and socket. */
  public void restart() {
    Disks.run(SCRIPTS.resolve("host.sh").toString(), "start", home.toString());
  }

  /** How many clients are connected to the daemon now. */
  public int clients() {
    String listed =
        Disks.run(
            "virt-admin",
            "--connect",
            "libvirtd:///session?socket=" + home.resolve("run/libvirt/libvirt-admin-sock"),
            "srv-clients-list",
            "libvirtd");
    return (int) listed.lines().filter(line -> line.contains("unix")).count();
  }

  public LibvirtEngineConfig config() {
    return config(uri);
  }

  static LibvirtEngineConfig config(String uri) {
    return config(uri, "vps-{server}");
  }

  static LibvirtEngineConfig config(String uri, String domain) {
    return config(uri, domain, "virsh");
  }

  static LibvirtEngineConfig config(String uri, String domain, String virsh) {
    return config(uri, domain, virsh, Mode.MEMORY);
  }

  /** Settings in {@code mode}, for this daemon. */
  public LibvirtEngineConfig config(LibvirtEngineConfig.Mode mode) {
    return config(uri, "vps-{server}", "virsh", mode);
  }

  static LibvirtEngineConfig config(String uri, String domain, String virsh, Mode mode) {
    return new LibvirtEngineConfig() {
      @Override
      public Mode mode() {
        return mode;
      }

      @Override
      public String uri() {
        return uri;
      }

      @Override
      public String domain() {
        return domain;
      }

      @Override
      public String virsh() {
        return virsh;
      }

      @Override
      public Duration timeout() {
        return Duration.ofMinutes(2);
      }
    };
  }

  /** Defines server {@code id}'s domain with an empty 16 MB disk, not started. */
  public Path define(long id) {
    Path disk = home.resolve(id + ".qcow2");
    Disks.create(disk, "16M");
    return define(id, disk, "");
  }

  /**
   * Defines server {@code id}'s domain with an empty 16 MB disk that is a volume of the storage
   * pool {@value #POOL}, not started; with {@code agent}, the guest agent's channel too.
   */
  public Path defineInPool(long id, boolean agent) {
    Path pool = home.resolve("pool");
    if (!Files.isDirectory(pool)) {
      try {
        Files.createDirectories(pool);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      virsh("pool-define-as", POOL, "dir", "--target", pool.toString());
      virsh("pool-start", POOL);
    }
    virsh("vol-create-as", POOL, "vps-" + id + ".qcow2", "16M", "--format", "qcow2");
    return define(
        id,
        pool.resolve("vps-" + id + ".qcow2"),
        agent
            // A socket of its own: libvirt's default path under this folder is too long for one.
            ? "<channel type='unix'><source mode='bind' path='"
                + home.resolve("agent-" + id)
                + "'/><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
            : "");
  }

  /** The volumes of the pool whose names start with {@code prefix}. */
  public List<String> volumes(String prefix) {
    return Disks.run("virsh", "--quiet", "--connect", uri, "vol-list", POOL)
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .map(l -> l.split("\\s+")[0])
        .filter(name -> name.startsWith(prefix))
        .sorted()
        .toList();
  }

  /** The file of a volume of the pool. */
  public Path volume(String name) {
    return home.resolve("pool").resolve(name);
  }

  /** The disk files the domain of server {@code id} uses now. */
  public String disksInUse(long id) {
    return Disks.run("virsh", "--connect", uri, "domblklist", "vps-" + id);
  }

  /** Every counter the guest had when its agent froze it, in order. */
  public List<Integer> frozenAt(long id) {
    return matches(id, FROZEN).stream().map(Integer::parseInt).toList();
  }

  /** How often the guest's agent thawed it. */
  public int thaws(long id) {
    return matches(id, THAWED).size();
  }

  private List<String> matches(long id, Pattern pattern) {
    try {
      if (!Files.exists(serial(id))) {
        return List.of();
      }
      return pattern.matcher(Files.readString(serial(id))).results().map(r -> r.group(1)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path define(long id, Path disk, String devices) {
    String xml =
        """
        <domain type='qemu'>
          <name>vps-%d</name>
          <memory unit='MiB'>128</memory>
          <vcpu>1</vcpu>
          <os>
            <type arch='x86_64' machine='pc'>hvm</type>
            <kernel>%s</kernel>
            <initrd>%s</initrd>
            <cmdline>console=ttyS0 quiet panic=-1</cmdline>
          </os>
          <on_poweroff>destroy</on_poweroff>
          <devices>
            <disk type='file' device='disk'>
              <driver name='qemu' type='qcow2'/>
              <source file='%s'/>
              <target dev='vda' bus='virtio'/>
            </disk>
            <serial type='file'>
              <source path='%s' append='on'/>
              <target port='0'/>
            </serial>
            %s
          </devices>
        </domain>
        """
            .formatted(
                id,
                GUEST.resolve("vmlinuz").toAbsolutePath(),
                GUEST.resolve("initrd.img").toAbsolutePath(),
                disk,
                serial(id),
                devices);
    Path file = home.resolve(id + ".xml");
    try {
      Files.writeString(file, xml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    virsh("define", file.toString());
    return disk;
  }

  public void startGuest(long id) {
    virsh("start", "vps-" + id);
  }

  public void undefine(long id) {
    Disks.exit("virsh", "--connect", uri, "destroy", "vps-" + id);
    Disks.exit("virsh", "--connect", uri, "undefine", "vps-" + id, "--snapshots-metadata");
    if (Files.isDirectory(home.resolve("pool"))) {
      Disks.exit("virsh", "--connect", uri, "pool-refresh", POOL);
      for (String volume : volumes("vps-" + id)) {
        Disks.exit("virsh", "--connect", uri, "vol-delete", "--pool", POOL, volume);
      }
    }
    try {
      Files.deleteIfExists(serial(id));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path serial(long id) {
    return home.resolve(id + ".serial");
  }

  /** Every counter the guest printed, in order. */
  public List<Integer> printed(long id) {
    try {
      if (!Files.exists(serial(id))) {
        return List.of();
      }
      Matcher m = COUNTER.matcher(Files.readString(serial(id)));
      return m.results().map(r -> Integer.parseInt(r.group(1))).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last counter the guest printed, or 0. */
  public int lastPrinted(long id) {
    List<Integer> all = printed(id);
    return all.isEmpty() ? 0 : all.get(all.size() - 1);
  }

  /** The counter written in the first sector of a disk that no guest is using. */
  public static int counterOnDisk(Path disk) {
    Path sector = disk.resolveSibling(disk.getFileName() + ".sector");
    try {
      Files.deleteIfExists(sector);
      Disks.run(
          "qemu-img",
          "dd",
          "-f",
          "qcow2",
          "-O",
          "raw",
          "bs=512",
          "count=1",
          "if=" + disk,
          "of=" + sector);
      Matcher m = COUNTER.matcher(Files.readString(sector));
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void virsh(String... args) {
    String[] command = new String[args.length + 3];
    command[0] = "virsh";
    command[1] = "--connect";
    command[2] = uri;
    System.arraycopy(args, 0, command, 3, args.length);
    Disks.run(command);
  }

  /** Stops the daemon and its guests, and removes every file they had. */
  @Override
  public void close() {
    Disks.exit(SCRIPTS.resolve("host.sh").toString(), "stop", home.toString());
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
