package org.vps.snapshots.hypervisor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which backend this node drives; each backend's own settings are in its mapping. */
@ConfigMapping(prefix = "snapshots")
public interface EngineConfig {
  /** {@code simulated}, {@code qemu} or {@code libvirt}. */
  @WithDefault("simulated")
  String engine();
}
