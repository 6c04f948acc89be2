package org.vps.snapshots.hypervisor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the QEMU backend: servers' qcow2 disks in one directory. */
@ConfigMapping(prefix = "snapshots.engine.qemu")
public interface QemuEngineConfig {

  /** Where the disks are: server 12345's disk is {@code <dir>/12345.qcow2}. */
  Optional<String> diskDirectory();

  /** The {@code qemu-img} to run: a name on the PATH or a full path. */
  @WithDefault("qemu-img")
  String qemuImg();

  /** {@code internal}: a snapshot inside the disk file; {@code external}: a copy beside it. */
  @WithDefault("internal")
  String mode();

  /** A command run before a restore to stop the server, {@code {server}} standing for its id. */
  Optional<String> stopCommand();

  /**
   * A command run after a restore to start the server again when it was running before, {@code
   * {server}} standing for its id.
   */
  Optional<String> startCommand();

  /** How long the stop or the start command may take. */
  @WithDefault("2m")
  Duration powerCommandTimeout();

  /** How long one qemu-img call may take. */
  @WithDefault("30m")
  Duration timeout();
}
