package org.vps.snapshots.deploy;

import io.quarkus.runtime.Application;
import org.jboss.logging.Logger;

/**
 * Stops an embedded server when the JVM exits, once the service running in it has stopped.
 *
 * <p>The JVM runs its shutdown hooks all at once. A server stopped by a hook of its own would go
 * while the service still drains: its Kafka clients would then spend seconds retrying a broker that
 * is gone, and its last writes would meet a database that is shutting down. So each server's hook
 * first waits for the service's stop (or stops it: {@link Application#stop()} waits when another
 * thread already does), and only then stops the server.
 */
final class StopAtExit {
  private static final Logger LOG = Logger.getLogger(StopAtExit.class);

  private StopAtExit() {}

  static void register(String server, Runnable stop) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  awaitTheService();
                  stop.run();
                },
                "stop-" + server.replace(' ', '-')));
  }

  private static void awaitTheService() {
    Application service = Application.currentApplication();
    if (service == null) {
      return;
    }
    try {
      service.stop();
    } catch (RuntimeException notStarted) {
      // It never started, or another thread's stop was interrupted: nothing left to wait for.
      LOG.debug("the service was not running at exit", notStarted);
    }
  }
}
