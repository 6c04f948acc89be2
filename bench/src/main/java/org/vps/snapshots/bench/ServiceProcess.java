package org.vps.snapshots.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vps.snapshots.deploy.AotTraining;
import org.vps.snapshots.deploy.ImageJvmFlags;

/** The packaged service run as its own process, timed from launch to ready, its memory read. */
final class ServiceProcess implements AutoCloseable {
  /** The service is measured as its image runs it: with the image's {@code JAVA_OPTS}. */
  static final List<String> JVM_FLAGS = ImageJvmFlags.of(Path.of("../deploy/Dockerfile"));

  static final String AOT_CACHE = "app.aot";

  private final Process process;
  final String baseUrl;
  final double secondsToReady;

  /** The JVM's own log of its collections ({@code -Xlog:gc}), beside the service's log. */
  final Path gcLog;

  private ServiceProcess(Process process, String baseUrl, double secondsToReady, Path gcLog) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.secondsToReady = secondsToReady;
    this.gcLog = gcLog;
  }

  static ServiceProcess start(Path jar, int port, Map<String, String> environment, Path log)
      throws Exception {
    return start(
        ProcessHandle.current().info().command().orElse("java"),
        List.of(),
        jar,
        port,
        environment,
        log);
  }

  /**
   * Leaves an AOT cache ({@code app.aot}, JDK 24 and later) beside the jar, trained as the image's
   * build trains it: on the embedded default, with the image's flags ({@link AotTraining}).
   */
  static Path trainAotCache(String java, Path jar, Path log) throws Exception {
    List<String> jvm = new ArrayList<>();
    jvm.add(java);
    jvm.addAll(JVM_FLAGS);
    Path folder = jar.toAbsolutePath().normalize().getParent();
    return AotTraining.train(jvm, folder, Path.of(AOT_CACHE), Map.of(), log);
  }

  static ServiceProcess start(
      String java,
      List<String> flags,
      Path jar,
      int port,
      Map<String, String> environment,
      Path log)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(JVM_FLAGS);
    command.addAll(flags);
    // Started as production starts it: from the application's folder, with the class-data archive
    // the build leaves there when it made one (the JVM takes it only for the same class path).
    // A start with an AOT cache of its own goes without it.
    Path folder = jar.toAbsolutePath().normalize().getParent();
    if (flags.isEmpty() && Files.exists(folder.resolve("app-cds.jsa"))) {
      command.add("-XX:SharedArchiveFile=app-cds.jsa");
    }
    Path gcLog = log.resolveSibling(log.getFileName() + ".gc");
    Files.deleteIfExists(gcLog);
    command.add("-Xlog:gc:file=" + gcLog + ":uptime");
    command.add("-jar");
    command.add(jar.getFileName().toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    // Health answers on the management interface, on a port of its own.
    int management;
    try (ServerSocket socket = new ServerSocket(0)) {
      management = socket.getLocalPort();
    }
    builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
    long launched = System.nanoTime();
    Process process = builder.start();
    String base = "http://127.0.0.1:" + port;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready"))
            .build();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the service exited; see " + log + ":\n" + Files.readString(log));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          break;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      if (System.nanoTime() - launched > TimeUnit.SECONDS.toNanos(120)) {
        throw new IllegalStateException("the service was not ready within 2 minutes");
      }
      Thread.sleep(10);
    }
    return new ServiceProcess(process, base, (System.nanoTime() - launched) / 1e9, gcLog);
  }

  long pid() {
    return process.pid();
  }

  /** Resident memory of the service process, in megabytes. */
  double rssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no VmRSS for the service");
  }

  /** CPU seconds the whole service process used so far, every thread of it. */
  double cpuSeconds() {
    return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  /**
   * CPU seconds the service's JIT compiler threads ({@code C1/C2 CompilerThread*}) used so far,
   * from the kernel's per-thread accounting; NaN where it cannot be read (not Linux).
   */
  double compilerCpuSeconds() {
    Path tasks = Path.of("/proc/" + process.pid() + "/task");
    double seconds = 0;
    try (var threads = Files.list(tasks)) {
      for (Path thread : threads.toList()) {
        try {
          if (!Files.readString(thread.resolve("comm")).matches("C[12] CompilerThre.*\\s*")) {
            continue;
          }
          // After the command in parentheses: state is field 3, utime 14 and stime 15.
          String stat = Files.readString(thread.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
          seconds += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
        } catch (IOException | RuntimeException gone) {
          // A compiler thread that ended since the listing.
        }
      }
      return seconds;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** The kernel's USER_HZ, which is 100 on every Linux this runs on. */
  private static final double CLOCK_TICKS = 100.0;

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)
        && !process.destroyForcibly().waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the service did not stop within a minute");
    }
  }
}
