package org.vps.snapshots.deploy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.vps.snapshots.hypervisor.LibvirtHost;

/**
 * A libvirt daemon of the test's own with server 12345 running on it as the tiny counting guest,
 * and the application's workers on the libvirt backend pointed at it.
 */
public class LibvirtHostResource implements QuarkusTestResourceLifecycleManager {
  static final long SERVER = 12345;
  private static volatile LibvirtHost host;
  private boolean workers = true;

  /** The host the running test application snapshots on. */
  static LibvirtHost host() {
    return host;
  }

  /** {@code workers=false}: the test runs the workers' steps itself. */
  @Override
  public void init(Map<String, String> initArgs) {
    workers = !"false".equals(initArgs.get("workers"));
  }

  @Override
  public Map<String, String> start() {
    host = LibvirtHost.start();
    host.define(SERVER);
    host.startGuest(SERVER);
    return Map.of(
        "snapshots.workers.enabled",
        Boolean.toString(workers),
        "snapshots.engine",
        "libvirt",
        "snapshots.engine.libvirt.uri",
        host.uri,
        "snapshots.engine.libvirt.domain",
        host.config().domain());
  }

  @Override
  public void stop() {
    if (host != null) {
      host.undefine(SERVER);
      host.close();
    }
  }
}
