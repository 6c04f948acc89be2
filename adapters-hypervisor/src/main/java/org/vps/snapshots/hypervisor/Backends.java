package org.vps.snapshots.hypervisor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.vps.snapshots.application.port.Hypervisor;

/**
 * Chooses the backend by {@code snapshots.engine}: {@code simulated}, {@code qemu} or {@code
 * libvirt}.
 */
@ApplicationScoped
public class Backends {

  @Produces
  @Singleton
  Hypervisor hypervisor(
      EngineConfig config,
      SimulatedHypervisor simulated,
      QemuEngineConfig qemu,
      LibvirtEngineConfig libvirt) {
    String engine = config.engine();
    return switch (engine) {
      case "simulated" -> simulated;
      case "qemu" -> new QemuHypervisor(qemu);
      case "libvirt" -> new LibvirtHypervisor(libvirt);
      default ->
          throw new IllegalStateException(
              "snapshots.engine is '" + engine + "'; it must be simulated, qemu or libvirt");
    };
  }
}
