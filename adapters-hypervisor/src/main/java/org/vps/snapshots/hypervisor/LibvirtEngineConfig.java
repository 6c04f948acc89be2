package org.vps.snapshots.hypervisor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the libvirt backend: servers are libvirt domains, driven through {@code virsh}. */
@ConfigMapping(prefix = "snapshots.engine.libvirt")
public interface LibvirtEngineConfig {

  /**
   * The connection URI of the host the servers run on; with {@code {host}} in it (such as {@code
   * qemu+ssh://{host}/system}), of each server's host, as the operator API sets it.
   */
  @WithDefault("qemu:///system")
  String uri();

  /** The domain that is a server, {@code {server}} standing for its id. */
  @WithDefault("{server}")
  String domain();

  /** The {@code virsh} to run: a name on the PATH or a full path. */
  @WithDefault("virsh")
  String virsh();

  /**
   * How a running server is snapshotted: {@code memory} takes its disks and memory together
   * (restored, it resumes where it was); {@code disk-only} copies its disks whole into volumes of
   * their storage pool, the file systems frozen through the guest agent where it answers.
   */
  @WithDefault("memory")
  Mode mode();

  /** The ways of snapshotting a running server. */
  enum Mode {
    MEMORY,
    DISK_ONLY
  }

  /** How long one call to libvirt may take. */
  @WithDefault("10m")
  Duration timeout();
}
