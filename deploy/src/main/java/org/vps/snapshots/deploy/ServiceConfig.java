package org.vps.snapshots.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The service's own settings; each default is written here only, but for those that other parts'
 * configuration reads by name while the application is built (the job pool's size, the schedules'
 * intervals, the work consumer's switch): their defaults are in {@code application.properties}.
 */
@ConfigMapping(prefix = "snapshots")
public interface ServiceConfig {
  /** How many snapshots one server may have. */
  @WithDefault("5")
  int limitPerServer();

  /** Seed the demo account (the embedded default does). */
  @WithDefault("false")
  boolean demoData();

  /** After this an unfinished operation ends failed. */
  @WithDefault("30m")
  Duration operationDeadline();

  /** How often the supervisor looks at operations their holders cannot (read by the schedule). */
  Duration deadlineSweepInterval();

  /**
   * Never fall back to the embedded default, and refuse to start without what production needs
   * (read by the main class before the configuration exists, as {@code SNAPSHOTS_PRODUCTION}).
   */
  @WithDefault("false")
  boolean production();

  /** Set by the build for {@code ./mvnw quarkus:dev}: the embedded default outlives reloads. */
  @WithDefault("false")
  boolean devMode();

  Embedded embedded();

  Auth auth();

  /** The embedded default (no datasource configured). */
  interface Embedded {
    /** Where the broker's jars are; unset, beside the build ({@code embedded-kafka/target/lib}). */
    Optional<String> kafkaLibs();
  }

  Worker worker();

  Workers workers();

  Reconcile reconcile();

  interface Auth {
    /** How long a valid token's caller is remembered; zero remembers nothing. */
    @WithDefault("10s")
    Duration tokenCacheTime();
  }

  /** How long-running work is done. */
  interface Worker {
    @WithDefault("3")
    int maxAttempts();

    @WithDefault("2s")
    Duration firstBackoff();

    /** How long a worker holds an operation without renewing (renewed every third of it). */
    @WithDefault("30s")
    Duration leaseTime();

    /** Progress is written at most this often per operation. */
    @WithDefault("1s")
    Duration progressInterval();

    /** How many jobs one node runs at once (read by the job pool's configuration). */
    int concurrency();
  }

  /** This node's worker role. */
  interface Workers {
    boolean enabled();
  }

  Schedules schedules();

  /** Firing the customers' snapshot schedules. */
  interface Schedules {
    /** How often each node looks for due schedules (read by the schedule). */
    Duration interval();

    /** How soon a run whose server is busy tries again. */
    @WithDefault("1m")
    Duration retryEvery();

    /** How long after its tick a run waits for a busy server before it is skipped. */
    @WithDefault("1h")
    Duration retryWindow();

    /** The most schedules one pass of one node fires. */
    @WithDefault("50")
    int batch();
  }

  /** Comparing the backend with the database. */
  interface Reconcile {
    /** How often (read by the schedule). */
    Duration interval();

    /** How long orphaned data and partial files are left alone. */
    @WithDefault("1h")
    Duration grace();
  }
}
