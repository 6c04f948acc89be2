package org.vps.snapshots.hypervisor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the simulated virtualization backend. */
@ConfigMapping(prefix = "snapshots.engine.simulated")
public interface SimulatedEngineConfig {

  /** How long taking one snapshot takes. */
  @WithDefault("5s")
  Duration snapshotDuration();

  /** How long one restore takes. */
  @WithDefault("5s")
  Duration restoreDuration();

  /** The share of operations (0 to 1) that fail, to exercise retries and failures. */
  @WithDefault("0")
  double failureRate();

  /** The smallest and largest size a simulated snapshot reports. */
  @WithDefault("512")
  long minSizeMb();

  @WithDefault("8192")
  long maxSizeMb();
}
