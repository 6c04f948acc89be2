package org.vps.snapshots.deploy;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test profiles that run the workers, each with a backend that behaves one way. */
final class Profiles {
  private Profiles() {}

  /**
   * Workers on, a quick backend that never fails; webhooks on, http and loopback receivers allowed,
   * and a schedule of seconds: pauses of 0.2 s, 0.6 s, 1.8 s...; an endpoint failing for 3 s is
   * disabled.
   */
  public static class Workers implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.ofEntries(
          Map.entry("snapshots.workers.enabled", "true"),
          Map.entry("snapshots.engine.simulated.snapshot-duration", "1s"),
          Map.entry("snapshots.engine.simulated.restore-duration", "1s"),
          Map.entry("snapshots.webhooks.enabled", "true"),
          Map.entry("snapshots.webhooks.allow-insecure", "true"),
          Map.entry("snapshots.webhooks.poll-interval", "0.05s"),
          Map.entry("snapshots.webhooks.timeout", "1s"),
          Map.entry("snapshots.webhooks.retry.first", "0.2s"),
          Map.entry("snapshots.webhooks.retry.factor", "3"),
          Map.entry("snapshots.webhooks.retry.longest", "2s"),
          Map.entry("snapshots.webhooks.disable-after", "3s"));
    }
  }

  /** Workers on, a backend that fails everything. */
  public static class FailingBackend implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "snapshots.workers.enabled", "true",
          "snapshots.engine.simulated.snapshot-duration", "0.1s",
          "snapshots.engine.simulated.failure-rate", "1.0",
          "snapshots.worker.max-attempts", "2");
    }
  }

  /** Workers on, the QEMU backend on real qcow2 disks in a fresh directory. */
  public static class QemuBackend implements QuarkusTestProfile {
    static final Path DISKS = temporaryDirectory();

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "snapshots.workers.enabled", "true",
          "snapshots.engine", "qemu",
          "snapshots.engine.qemu.disk-directory", DISKS.toString());
    }

    private static Path temporaryDirectory() {
      try {
        return Files.createTempDirectory("snapshots-qemu-test-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Workers on, a backend slower than the operation deadline. */
  public static class SlowBackend implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "snapshots.workers.enabled", "true",
          "snapshots.engine.simulated.snapshot-duration", "12s",
          "snapshots.engine.simulated.restore-duration", "12s",
          "snapshots.operation-deadline", "3s",
          "snapshots.deadline-sweep-interval", "1s");
    }
  }

  /** No workers; leases of two seconds and a supervisor that looks every second. */
  public static class ShortLeases implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "snapshots.worker.lease-time", "2s",
          "snapshots.deadline-sweep-interval", "1s");
    }
  }

  /** Leases of two seconds, looked after every second; twenty seconds for a job. */
  public static class ShortLeasesAndDeadline implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "snapshots.worker.lease-time", "2s",
          "snapshots.deadline-sweep-interval", "1s",
          "snapshots.operation-deadline", "20s");
    }
  }

  /** Workers on, and a reconciler that looks every second with a grace of one second. */
  public static class Reconciling implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "snapshots.workers.enabled", "true",
          "snapshots.engine.simulated.snapshot-duration", "0.5s",
          "snapshots.reconcile.interval", "1s",
          "snapshots.reconcile.grace", "1s");
    }
  }
}
