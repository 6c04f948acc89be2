package org.vps.snapshots.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The training run of an AOT cache (JDK 25 and later): one start of the packaged service with
 * {@code -XX:AOTCacheOutput}, until it is ready, a few hundred requests, a stop; the JVM writes the
 * cache as it exits, and later starts with {@code -XX:AOTCache} find the classes it loaded there
 * already loaded and linked. The cache holds for the JVM, the class path and the flags it was made
 * with, so it is made by the JVM that will run it, with the flags it will run with.
 *
 * <p>The image's build runs it on the embedded default (no database configured), from the
 * application's folder: {@code java -cp 'app/*' org.vps.snapshots.deploy.AotTraining app.aot
 * $JAVA_OPTS}. It uses nothing but the JDK, so it runs beside the service rather than in it.
 */
public final class AotTraining {
  private static final Duration READY_WITHIN = Duration.ofMinutes(5);
  private static final Duration WRITTEN_WITHIN = Duration.ofMinutes(3);
  private static final int REQUESTS = 200;

  private AotTraining() {}

  /** Arguments: the cache to write, relative to the working folder, then the JVM's flags. */
  public static void main(String... args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: AotTraining CACHE [JVM flags...]");
      System.exit(2);
    }
    List<String> jvm = new ArrayList<>();
    jvm.add(ProcessHandle.current().info().command().orElse("java"));
    jvm.addAll(Arrays.asList(args).subList(1, args.length));
    Path folder = Path.of("").toAbsolutePath();
    Path cache = train(jvm, folder, Path.of(args[0]), Map.of(), null);
    System.out.printf("AOT cache %s written (%d MB)%n", cache, Files.size(cache) >> 20);
  }

  /**
   * Runs {@code jvm} (the java command and its flags) on {@code quarkus-run.jar} in {@code folder}
   * with {@code environment} added to this process's, trains it and returns the cache written. The
   * service's output goes to {@code log}, or to this process's own where it is null.
   */
  public static Path train(
      List<String> jvm, Path folder, Path cache, Map<String, String> environment, Path log)
      throws IOException, InterruptedException {
    Path written = folder.resolve(cache).normalize();
    Files.deleteIfExists(written);
    List<String> command = new ArrayList<>(jvm);
    command.add("-XX:AOTCacheOutput=" + cache);
    command.add("-jar");
    command.add("quarkus-run.jar");
    int port = freePort();
    int management = freePort();
    ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
    if (log == null) {
      builder.inheritIO();
    } else {
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
    }
    builder.environment().putAll(environment);
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
    Process service = builder.start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      awaitReady(service, http, URI.create("http://127.0.0.1:" + management + "/q/health/ready"));
      HttpRequest list =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/snapshots/"))
              .build();
      for (int i = 0; i < REQUESTS; i++) {
        http.send(list, HttpResponse.BodyHandlers.discarding());
      }
      service.destroy();
      if (!service.waitFor(WRITTEN_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("the training run did not stop");
      }
    } finally {
      service.destroyForcibly();
    }
    // The JVM may hand the cache's assembly to a process of its own as it exits.
    long deadline = System.nanoTime() + WRITTEN_WITHIN.toNanos();
    while (!Files.exists(written) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    if (!Files.exists(written)) {
      throw new IllegalStateException("the training run left no " + written);
    }
    return written;
  }

  private static void awaitReady(Process service, HttpClient http, URI ready)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!service.isAlive()) {
        throw new IllegalStateException(
            "the training run exited with " + service.exitValue() + " before it was ready");
      }
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListening) {
        // Not listening yet.
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the training run was not ready within " + READY_WITHIN);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
