package org.vps.snapshots.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.vps.snapshots.deploy.EmbeddedKafkaServer;
import org.vps.snapshots.deploy.EmbeddedPostgresServer;

/**
 * Runs the packaged service on the embedded PostgreSQL and Kafka and measures it against its own
 * limits in one run: each request type through the service and as the same SQL from plain JDBC,
 * list cost at 10,000 and 1,000,000 snapshots, event latency at a steady rate, start-up and memory.
 */
public final class Bench {
  private final Map<String, String> options = new HashMap<>();

  /** The service under load, once it runs: its JIT compilers' CPU is reported beside each load. */
  private ServiceProcess running;

  /** How much of each load's time the JIT compilers were busy, by load. */
  private final Map<String, String> compilerShares = new LinkedHashMap<>();

  /** The service's GC pauses while each load ran, by load. */
  private final Map<String, String> gcPauses = new LinkedHashMap<>();

  private Bench(String... args) {
    List<String> words = new ArrayList<>();
    for (String arg : args) {
      words.addAll(List.of(arg.trim().split("\\s+")));
    }
    words.removeIf(String::isBlank);
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (word.equals("--quick")) {
        options.putIfAbsent("runs", "2");
        options.putIfAbsent("duration", "6s");
        options.putIfAbsent("warmup", "3s");
        options.putIfAbsent("large", "200000");
        options.putIfAbsent("jit-warmup", "20s");
      } else if (word.startsWith("--") && i + 1 < words.size()) {
        options.put(word.substring(2), words.get(++i));
      }
    }
  }

  String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  Duration duration(String name, String fallback) {
    return Duration.parse("PT" + option(name, fallback).toUpperCase(Locale.ROOT));
  }

  int number(String name, String fallback) {
    return Integer.parseInt(option(name, fallback));
  }

  public static void main(String... args) throws Exception {
    new Bench(args).run();
    System.exit(0);
  }

  /**
   * Start to ready as the image starts, on a JDK with AOT caches (24 and later): one training run
   * as the image's build makes it leaves {@code app.aot} beside the jar, then three timed starts
   * read it. The cache is removed afterwards, so that the starts measured on the default JDK are as
   * they were.
   */
  private void readyWithAotCache(
      String java, Path jar, Map<String, String> env, Path out, Report report) throws Exception {
    log("training an AOT cache with %s", java);
    Path cache =
        ServiceProcess.trainAotCache(
            java, jar, out.resolve("service-aot-training.log").toAbsolutePath());
    List<Double> ready = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      try (ServiceProcess service =
          ServiceProcess.start(
              java,
              List.of("-XX:AOTCache=" + ServiceProcess.AOT_CACHE),
              jar,
              freePort(),
              env,
              out.resolve("service-aot-" + i + ".log").toAbsolutePath())) {
        ready.add(service.secondsToReady);
        log("ready in %.2f s with the AOT cache", service.secondsToReady);
      }
    }
    Files.delete(cache);
    report.fact(
        "process start to ready on "
            + javaVersion(java)
            + " with an AOT cache from a training run on the embedded default, as the image starts",
        Report.spread(ready, "%.2f s") + "; target <= 3 s");
  }

  private static String javaVersion(String java) throws Exception {
    Process version = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
    String first =
        new String(version.getInputStream().readAllBytes()).lines().findFirst().orElse(java);
    version.waitFor(30, TimeUnit.SECONDS);
    return first.replace("\"", "");
  }

  void run() throws Exception {
    Path jar = Path.of(option("jar", "../deploy/target/quarkus-app/quarkus-run.jar"));
    Path out = Path.of(option("out", "results"));
    int runs = number("runs", "3");
    int clients = number("concurrency", "32");
    Duration warmUp = duration("warmup", "5s");
    Duration measured = duration("duration", "10s");
    int small = number("small", "10000");
    int main = number("main", "200000");
    int large = number("large", "1000000");
    int eventRate = number("event-rate", "200");
    // Events are measured in the steady state of the whole path at that rate: the service's, the
    // broker's and this driver's JIT compilers still work for about a minute after it starts.
    Duration eventWarmUp = duration("event-warmup", "60s");
    Report report = new Report();
    report.fact("machine", machine());
    report.fact(
        "load",
        clients
            + " concurrent clients, "
            + runs
            + " runs of "
            + measured.toSeconds()
            + " s after "
            + warmUp.toSeconds()
            + " s of warm-up; service JVM "
            + String.join(" ", ServiceProcess.JVM_FLAGS)
            + "; plain JDBC with "
            + Workloads.POOL
            + " connections like the service's pool");

    Files.createDirectories(out);
    log("starting PostgreSQL and Kafka");
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start();
        EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start()) {
      Map<String, String> env = new HashMap<>();
      env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl());
      env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
      env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
      env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
      env.put("SNAPSHOTS_ADMIN_TOKEN", "bench-admin-token-long-enough-for-production-use");
      env.put("SNAPSHOTS_WORKERS_ENABLED", "false");
      if (options.containsKey("profile")) {
        // A flight recording of the last service start, for reading where the time goes.
        env.put(
            "JAVA_TOOL_OPTIONS",
            "-XX:StartFlightRecording=settings=profile,filename="
                + out.resolve(option("profile", "service.jfr")).toAbsolutePath());
      }

      String aotJava = option("aot-java", System.getenv().getOrDefault("BENCH_AOT_JAVA", ""));
      if (!aotJava.isBlank()) {
        readyWithAotCache(javaCommand(aotJava), jar, env, out, report);
      }
      List<Double> ready = new ArrayList<>();
      ServiceProcess service = null;
      for (int i = 0; i < 3; i++) {
        if (service != null) {
          service.close();
        }
        service =
            ServiceProcess.start(
                jar, freePort(), env, out.resolve("service-" + i + ".log").toAbsolutePath());
        ready.add(service.secondsToReady);
        log("ready in %.2f s", service.secondsToReady);
      }
      report.fact(
          "process start to ready (first start migrates the schema)",
          Report.spread(ready, "%.2f s") + "; target <= 3 s");
      Thread.sleep(5000);
      report.fact(
          "resident memory at rest", String.format(Locale.ROOT, "%.0f MB", service.rssMb()));

      Dataset data = new Dataset(postgres.jdbcUrl(), postgres.username(), postgres.password());
      if (option("only", "").equals("webhooks")) {
        service.close();
        webhookLatency(jar, env, out, data, report);
        finish(report, out);
        return;
      }
      if (option("only", "").equals("relay")) {
        service.close();
        relayWithOneAndTwoNodes(jar, env, out, data, report);
        finish(report, out);
        return;
      }
      try (ServiceProcess running = service;
          Workloads load = new Workloads(running.baseUrl, data)) {
        this.running = running;
        MemoryWatch memory = new MemoryWatch(running);
        if (option("only", "").equals("events")) {
          data.growTo(small);
          data.addIdleServers(
              (long) eventRate * (eventWarmUp.toSeconds() + measured.toSeconds() + 10) * runs
                  + 20_000L);
          load.useAccounts(data.accounts);
          log("warming up the create path for %d s", duration("jit-warmup", "45s").toSeconds());
          Load.closed(clients, Duration.ZERO, duration("jit-warmup", "45s"), load::createHttp);
          for (int run = 0; run < runs; run++) {
            data.awaitEmptyOutbox(Duration.ofMinutes(5));
            reportEventLatency(
                load, kafka.bootstrapServers(), eventRate, eventWarmUp, measured, report, run + 1);
          }
          memory.stop();
          finish(report, out);
          return;
        }
        if (option("only", "").equals("labels")) {
          labelSelectorsAtAMillion(data, load, clients, warmUp, measured, runs, report);
          memory.stop();
          finish(report, out);
          return;
        }
        if (option("only", "").equals("first-page")) {
          firstPageAsOneAccountGrows(data, load, clients, warmUp, measured, runs, report);
          memory.stop();
          finish(report, out);
          return;
        }

        log("loading %d snapshots", small);
        data.growTo(small);
        long smallAccounts = data.accounts;
        load.useAccounts(smallAccounts);
        Duration jitWarmUp = duration("jit-warmup", "45s");
        log("warming up the list path for %d s", jitWarmUp.toSeconds());
        Load.closed(clients, Duration.ZERO, jitWarmUp, load::listByServerHttp);
        Report.Row listSmall = listAt(small, load, clients, warmUp, measured, runs);

        log("loading %d snapshots", main);
        data.growTo(main);
        long reserve =
            40_000L
                + (long) runs * (warmUp.toSeconds() + measured.toSeconds()) * 6_000L
                + (long) eventRate * (eventWarmUp.toSeconds() + measured.toSeconds() + 10);
        data.addIdleServers(reserve);
        load.useAccounts(data.accounts);
        load.indexSnapshots();
        report.fact(
            "data set",
            data.accounts
                + " accounts, "
                + data.servers
                + " servers with "
                + data.snapshots
                + " snapshots, "
                + data.idleServers
                + " idle servers for creates");
        // The JIT of a freshly started JVM on two busy cores needs far longer than one warm-up.
        log("warming up both sides for %d s", jitWarmUp.toSeconds());
        Load.closed(clients, Duration.ZERO, jitWarmUp.dividedBy(2), load::listByServerHttp);
        Load.closed(clients, Duration.ZERO, jitWarmUp.dividedBy(4), load::getHttp);
        Load.closed(clients, Duration.ZERO, jitWarmUp.dividedBy(4), load::createHttp);
        Load.closed(clients, Duration.ZERO, Duration.ofSeconds(5), load::listByServerJdbc);
        Load.closed(clients, Duration.ZERO, Duration.ofSeconds(5), load::createJdbc);
        String listTarget = ">= 50% of JDBC, p99 <= 25 ms";
        report.add(
            measure(
                "list ?server_id (" + main + ")",
                load::listByServerHttp,
                load::listByServerJdbc,
                clients,
                warmUp,
                measured,
                runs,
                listTarget));
        report.add(
            measure(
                "list first page (" + main + ")",
                load::firstPageHttp,
                load::firstPageJdbc,
                clients,
                warmUp,
                measured,
                runs,
                listTarget));
        report.add(
            measure(
                "get one snapshot (" + main + ")",
                load::getHttp,
                load::getJdbc,
                clients,
                warmUp,
                measured,
                runs,
                listTarget));
        report.add(
            measure(
                "create on an idle server",
                load::createHttp,
                load::createJdbc,
                clients,
                warmUp,
                measured,
                runs,
                ">= 50% of JDBC"));
        report.fact(
            "resident memory under load (highest seen)",
            String.format(Locale.ROOT, "%.0f MB; target <= 350 MB", memory.highestMb()));

        // The creates before left events in the outbox; latency is measured on a drained one.
        data.awaitEmptyOutbox(Duration.ofMinutes(5));
        reportEventLatency(
            load, kafka.bootstrapServers(), eventRate, eventWarmUp, measured, report, 1);

        log("loading %d snapshots", large);
        data.growTo(large);
        load.useAccounts(smallAccounts);
        Report.Row listLarge = listAt(large, load, clients, warmUp, measured, runs);
        double smallP50 = Report.merged(listSmall.service()).getValueAtPercentile(50) / 1000.0;
        double largeP50 = Report.merged(listLarge.service()).getValueAtPercentile(50) / 1000.0;
        double smallP99 = Report.merged(listSmall.service()).getValueAtPercentile(99) / 1000.0;
        double largeP99 = Report.merged(listLarge.service()).getValueAtPercentile(99) / 1000.0;
        report.add(
            new Report.Row(
                listSmall.name(), listSmall.service(), listSmall.baseline(), "reference"));
        report.add(
            new Report.Row(
                listLarge.name(),
                listLarge.service(),
                listLarge.baseline(),
                String.format(
                    Locale.ROOT,
                    "<= 1.5x of %d: p50 %.2fx, p99 %.2fx",
                    small,
                    largeP50 / smallP50,
                    largeP99 / smallP99)));
        report.fact(
            "resident memory at the end", String.format(Locale.ROOT, "%.0f MB", running.rssMb()));
        memory.stop();
      }
    }
    finish(report, out);
    log("results in %s", out.toAbsolutePath());
  }

  /**
   * The first page of one account at 1,000, 100,000 and 1,000,000 snapshots: its total must not
   * make it cost more as the account grows.
   */
  private void firstPageAsOneAccountGrows(
      Dataset data,
      Workloads load,
      int clients,
      Duration warmUp,
      Duration measured,
      int runs,
      Report report)
      throws Exception {
    Report.Row first = null;
    for (int size : new int[] {1_000, 100_000, 1_000_000}) {
      log("growing one account to %d snapshots", size);
      data.growBigAccount(size);
      Load.closed(clients, Duration.ZERO, Duration.ofSeconds(15), load::bigFirstPageHttp);
      Report.Row row =
          measure(
              "first page, one account of " + size + " snapshots",
              load::bigFirstPageHttp,
              load::bigFirstPageJdbc,
              clients,
              warmUp,
              measured,
              runs,
              "");
      if (first == null) {
        first = row;
        report.add(new Report.Row(row.name(), row.service(), row.baseline(), "reference"));
      } else {
        double p50 = ratio(row, first, 50);
        double p99 = ratio(row, first, 99);
        report.add(
            new Report.Row(
                row.name(),
                row.service(),
                row.baseline(),
                String.format(Locale.ROOT, "<= 1.5x of 1000: p50 %.2fx, p99 %.2fx", p50, p99)));
      }
    }
  }

  /** The service's {@code percentile} latency in {@code row} over the same in {@code reference}. */
  private static double ratio(Report.Row row, Report.Row reference, double percentile) {
    return (double) Report.merged(row.service()).getValueAtPercentile(percentile)
        / Report.merged(reference.service()).getValueAtPercentile(percentile);
  }

  /**
   * The first page of one account of 1,000,000 snapshots with a label selector, against the same
   * page without one: a selective selector (1 % of the rows), a broad one (half of them) and one
   * with an inequality.
   */
  private void labelSelectorsAtAMillion(
      Dataset data,
      Workloads load,
      int clients,
      Duration warmUp,
      Duration measured,
      int runs,
      Report report)
      throws Exception {
    int size = number("large", "1000000");
    log("growing one account to %d snapshots", size);
    data.growBigAccount(size);
    Load.closed(clients, Duration.ZERO, Duration.ofSeconds(20), load::bigFirstPageHttp);
    Report.Row plain =
        measure(
            "first page of " + size + ", no selector",
            load::bigFirstPageHttp,
            load::bigFirstPageJdbc,
            clients,
            warmUp,
            measured,
            runs,
            "");
    report.add(new Report.Row(plain.name(), plain.service(), plain.baseline(), "reference"));
    String[][] selectors = {
      {"team=t7", "{\"team\": \"t7\"}", "1 %"},
      {"team=t7,env!=dev", "{\"team\": \"t7\"}", "none match: every t7 is env=dev"},
      {"env=prod", "{\"env\": \"prod\"}", "50 %"},
      {"env=prod,team!=t8", "{\"env\": \"prod\"}", "49 %: every t8 is env=prod"}
    };
    for (String[] selector : selectors) {
      Load.closed(
          clients,
          Duration.ZERO,
          Duration.ofSeconds(10),
          () -> load.bigSelectedPageHttp(selector[0]));
      Report.Row row =
          measure(
              "first page of "
                  + size
                  + ", label_selector="
                  + selector[0]
                  + " ("
                  + selector[2]
                  + ")",
              () -> load.bigSelectedPageHttp(selector[0]),
              () -> load.bigSelectedPageJdbc(selector[1]),
              clients,
              warmUp,
              measured,
              runs,
              "");
      double p50 = ratio(row, plain, 50);
      report.add(
          new Report.Row(
              row.name(),
              row.service(),
              row.baseline(),
              String.format(Locale.ROOT, "p50 %.2fx of no selector (goal <= 1.5x)", p50)));
    }
  }

  /**
   * How fast the relays drain a backlog with one node and with two: each relays its own partitions
   * of the outbox, so two nodes publish at once.
   */
  /**
   * Event to webhook delivery with 100 endpoints: 10 accounts with 10 each, every create's
   * SnapshotCreated delivered to its account's ten.
   */
  private void webhookLatency(
      Path jar, Map<String, String> env, Path out, Dataset data, Report report) throws Exception {
    int rate = number("webhook-rate", "10");
    Duration warmUp = duration("warmup", "5s");
    Duration measured = duration("duration", "10s");
    int runs = number("runs", "3");
    Map<String, String> receiving = new HashMap<>(env);
    receiving.put("SNAPSHOTS_WEBHOOKS_ALLOW_INSECURE", "true");
    data.growTo(number("small", "10000"));
    data.idleAccounts = 10;
    data.addIdleServers(
        (long) rate * (warmUp.toSeconds() + measured.toSeconds() + 10) * runs + 1000L);
    try (ServiceProcess service =
            ServiceProcess.start(
                jar, freePort(), receiving, out.resolve("service-webhooks.log").toAbsolutePath());
        Workloads load = new Workloads(service.baseUrl, data)) {
      List<Double> p50 = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      List<Double> max = new ArrayList<>();
      long expected = 0;
      long received = 0;
      for (int run = 0; run < runs; run++) {
        // Each run adds its own ten endpoints per account: a run's deliveries are its own.
        try (java.sql.Connection db = data.connect();
            java.sql.Statement sql = db.createStatement()) {
          sql.execute("delete from webhook_endpoints");
        }
        WebhookLatency.Result result =
            WebhookLatency.measure(load, service.baseUrl, 10, 10, rate, warmUp, measured);
        expected += result.expected();
        received += result.received();
        p50.add(result.latencyMicros().getValueAtPercentile(50) / 1000.0);
        p99.add(result.latencyMicros().getValueAtPercentile(99) / 1000.0);
        max.add(result.latencyMicros().getMaxValue() / 1000.0);
        log(
            "webhooks run %d: %d of %d delivered, p50 %.1f ms, p99 %.1f ms, max %.1f ms",
            run + 1,
            result.received(),
            result.expected(),
            p50.get(run),
            p99.get(run),
            max.get(run));
      }
      report.fact(
          "event to webhook delivery, 100 endpoints (10 accounts x 10), "
              + rate
              + " creates/s = "
              + rate * 10
              + " deliveries/s: p50",
          Report.spread(p50, "%.1f ms"));
      report.fact(
          "event to webhook delivery: p99", Report.spread(p99, "%.1f ms") + "; target < 1000 ms");
      report.fact("event to webhook delivery: max", Report.spread(max, "%.1f ms"));
      report.fact("webhook deliveries received in the window", received + " of " + expected);
    }
  }

  /**
   * How fast one node's relay and two nodes' relays drain a backlog. Each node is held to {@code
   * --relay-node-cpus} CPUs (0.4 by default; 0 for none), as it would be on a machine of its own:
   * one node uncapped already takes both cores of a two-core machine, and a second one on the same
   * cores could only share them, whatever the relay's design. Two nodes of 0.4 leave 1.2 CPUs to
   * PostgreSQL, Kafka and this driver, which all nodes share.
   *
   * <p>Each set of nodes is first warmed up uncapped, draining backlogs until what the nodes spend
   * on an event stops falling: a JVM held to 0.4 CPU compiles slowly, and two nodes each see half
   * the events, so a fixed warm-up measured how far each set's JIT had got rather than its relay.
   * Each drain then starts on nodes that finished what the last one left them (the webhook consumer
   * reading the events back), and what they spent on an event, relay and consumer together, is
   * reported beside the rate.
   */
  private void relayWithOneAndTwoNodes(
      Path jar, Map<String, String> env, Path out, Dataset data, Report report) throws Exception {
    int events = number("relay-events", "100000");
    double cpus = Double.parseDouble(option("relay-node-cpus", "0.4"));
    Path cgroups = Path.of("/sys/fs/cgroup");
    RelayThroughput relay = new RelayThroughput(data);
    List<Double> rates = new ArrayList<>();
    String nodeCpus = "uncapped";
    for (int nodes = 1; nodes <= 2; nodes++) {
      List<ServiceProcess> running = new ArrayList<>();
      List<CpuCap> caps = new ArrayList<>();
      try {
        for (int i = 0; i < nodes; i++) {
          running.add(
              ServiceProcess.start(
                  jar,
                  freePort(),
                  env,
                  out.resolve("relay-" + nodes + "-" + i + ".log").toAbsolutePath()));
        }
        warmUp(relay, running, events);
        if (cpus > 0) {
          for (int i = 0; i < nodes; i++) {
            Optional<CpuCap> cap =
                CpuCap.of(cgroups, running.get(i).pid(), cpus, "snapshots-bench-" + i);
            cap.ifPresent(caps::add);
            nodeCpus =
                cap.isPresent()
                    ? String.format(Locale.ROOT, "%.2f CPU each", cpus)
                    : "uncapped: " + CpuCap.why(cgroups);
          }
        }
        List<Double> runs = new ArrayList<>();
        List<Double> cpuPerEvent = new ArrayList<>();
        for (int run = 0; run < number("runs", "3"); run++) {
          Drained drained = drain(relay, running, events);
          runs.add(drained.eventsPerSecond());
          cpuPerEvent.add(drained.cpuMicrosPerEvent());
          log(
              "relay, %d node(s) (%s): %.0f events/s, %.1f microseconds of node CPU an event",
              nodes, nodeCpus, drained.eventsPerSecond(), drained.cpuMicrosPerEvent());
        }
        String set = nodes + " node(s) (" + nodeCpus + "), " + events + " events waiting";
        report.fact("relay throughput, " + set, Report.spread(runs, "%.0f events/s"));
        report.fact(
            "relay: node CPU an event (relay, webhook consumer, JIT, GC), " + set,
            Report.spread(cpuPerEvent, "%.1f microseconds"));
        rates.add(runs.stream().mapToDouble(Double::doubleValue).average().orElse(0));
      } finally {
        for (ServiceProcess node : running) {
          node.close();
        }
        caps.forEach(CpuCap::close);
      }
    }
    report.fact(
        "relay throughput, two nodes against one (means)",
        String.format(Locale.ROOT, "%.2fx; target >= 1.6x", rates.get(1) / rates.get(0)));
  }

  /** One drain: its rate, and the CPU the nodes spent on it until they were idle again. */
  private record Drained(double eventsPerSecond, double cpuMicrosPerEvent) {}

  private static Drained drain(RelayThroughput relay, List<ServiceProcess> nodes, int events)
      throws Exception {
    awaitIdle(nodes);
    double before = cpuSeconds(nodes);
    double rate = relay.drain(events);
    awaitIdle(nodes);
    return new Drained(rate, (cpuSeconds(nodes) - before) / events * 1e6);
  }

  /**
   * Drains backlogs until each node relayed at least eight, and then until a drain costs the nodes
   * no less than 95% of the cheapest of the three before it (at most 30): a JVM's cost per event
   * falls in steps as the JIT compiles the relay's path, with flat stretches between them.
   */
  private static void warmUp(RelayThroughput relay, List<ServiceProcess> nodes, int events)
      throws Exception {
    List<Double> costs = new ArrayList<>();
    while (costs.size() < 30) {
      double cost = drain(relay, nodes, events).cpuMicrosPerEvent();
      int n = costs.size();
      boolean settled =
          n >= 8 * nodes.size()
              && cost
                  >= 0.95
                      * Math.min(costs.get(n - 1), Math.min(costs.get(n - 2), costs.get(n - 3)));
      costs.add(cost);
      if (settled) {
        break;
      }
    }
    log(
        "relay: %d node(s) warmed up uncapped over %d drains (microseconds an event: %s)",
        nodes.size(),
        costs.size(),
        costs.stream().map(c -> String.format(Locale.ROOT, "%.0f", c)).toList());
  }

  private static double cpuSeconds(List<ServiceProcess> nodes) {
    return nodes.stream().mapToDouble(ServiceProcess::cpuSeconds).sum();
  }

  /**
   * Until the nodes together used under a tenth of a CPU each for half a second: done with what the
   * last drain left them (at most two minutes).
   */
  private static void awaitIdle(List<ServiceProcess> nodes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    double last = cpuSeconds(nodes);
    while (System.nanoTime() < deadline) {
      Thread.sleep(500);
      double now = cpuSeconds(nodes);
      if (now - last < 0.05 * nodes.size()) {
        return;
      }
      last = now;
    }
    log("relay: the nodes were still busy two minutes after a drain; measuring on");
  }

  /** 201 to {@code SnapshotCreated} read from Kafka, at a steady rate of creates. */
  private void reportEventLatency(
      Workloads load,
      String kafka,
      int eventRate,
      Duration warmUp,
      Duration measured,
      Report report,
      int run)
      throws Exception {
    log("event latency at %d creates/s", eventRate);
    CompilerShare compilers = new CompilerShare();
    compilers.begin();
    EventLatency.Result events = EventLatency.measure(load, kafka, eventRate, warmUp, measured);
    compilers.end();
    compilers.report("event latency, run " + run);
    report.fact(
        "event latency, 201 to SnapshotCreated read from Kafka, at "
            + eventRate
            + " creates/s open loop, after "
            + warmUp.toSeconds()
            + " s of it, run "
            + run,
        String.format(
            Locale.ROOT,
            "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms over %d events (%d unmatched, %d errors); target p99 <= 100 ms",
            events.eventMicros().getValueAtPercentile(50) / 1000.0,
            events.eventMicros().getValueAtPercentile(99) / 1000.0,
            events.eventMicros().getValueAtPercentile(99.9) / 1000.0,
            events.eventMicros().getMaxValue() / 1000.0,
            events.matched(),
            events.sent() - events.matched(),
            events.errors()));
    report.fact(
        "of which, run " + run,
        String.format(
            Locale.ROOT,
            "in the outbox until the relay sent it p50 %d ms, p99 %d ms; from the send until read"
                + " p50 %d ms, p99 %d ms",
            events.inOutboxMillis().getValueAtPercentile(50),
            events.inOutboxMillis().getValueAtPercentile(99),
            events.inKafkaMillis().getValueAtPercentile(50),
            events.inKafkaMillis().getValueAtPercentile(99)));
    report.fact(
        "create latency in that open loop (from the intended send time), run " + run,
        String.format(
            Locale.ROOT,
            "p50 %.1f ms, p99 %.1f ms",
            events.createMicros().getValueAtPercentile(50) / 1000.0,
            events.createMicros().getValueAtPercentile(99) / 1000.0));
  }

  /**
   * Writes the report with the JIT compilers' share of each load and the collector's pauses, and
   * prints it.
   */
  private void finish(Report report, Path out) throws Exception {
    byLoad(report, "the service's JIT compiler threads' CPU while each load ran", compilerShares);
    byLoad(report, "the service's GC pauses while each load ran (its -Xlog:gc)", gcPauses);
    report.write(out);
    System.out.println(report.markdown());
  }

  private static void byLoad(Report report, String fact, Map<String, String> figures) {
    if (!figures.isEmpty()) {
      report.fact(
          fact,
          figures.entrySet().stream()
              .map(figure -> figure.getKey() + ": " + figure.getValue())
              .collect(Collectors.joining("; ")));
    }
  }

  /** The same list request, measured at whatever size the data set has grown to. */
  private Report.Row listAt(
      int snapshots, Workloads load, int clients, Duration warmUp, Duration measured, int runs)
      throws Exception {
    return measure(
        "list ?server_id at " + snapshots + " snapshots",
        load::listByServerHttp,
        load::listByServerJdbc,
        clients,
        warmUp,
        measured,
        runs,
        "");
  }

  private Report.Row measure(
      String name,
      Callable<Load.Request> service,
      Callable<Load.Request> baseline,
      int clients,
      Duration warmUp,
      Duration measured,
      int runs,
      String target)
      throws Exception {
    List<Load.Run> serviceRuns = new ArrayList<>();
    List<Load.Run> baselineRuns = new ArrayList<>();
    CompilerShare compilers = new CompilerShare();
    for (int i = 0; i < runs; i++) {
      // Alternating the two keeps a slow spell of this shared machine from favouring either.
      compilers.begin();
      serviceRuns.add(Load.closed(clients, warmUp, measured, service));
      compilers.end();
      baselineRuns.add(Load.closed(clients, warmUp, measured, baseline));
      log(
          "%s: run %d: service %.0f/s p99 %.2f ms, JDBC %.0f/s p99 %.2f ms",
          name,
          i + 1,
          serviceRuns.get(i).throughput(),
          serviceRuns.get(i).percentileMs(99),
          baselineRuns.get(i).throughput(),
          baselineRuns.get(i).percentileMs(99));
    }
    compilers.report(name);
    return new Report.Row(name, serviceRuns, baselineRuns, target);
  }

  /**
   * The service's JIT compiler threads' CPU over the time a load ran, as a share of one core (a JVM
   * still compiling its hot code spends on it cores its requests then lack), and the collector's
   * pauses meanwhile.
   */
  private final class CompilerShare {
    private double compiling;
    private double wall;
    private double startCompiling;
    private long startWall;
    private long startGcLog;
    private final GcPauses pauses = new GcPauses();

    void begin() {
      startCompiling = running.compilerCpuSeconds();
      startWall = System.nanoTime();
      startGcLog = GcPauses.end(running.gcLog);
    }

    void end() throws IOException {
      compiling += running.compilerCpuSeconds() - startCompiling;
      wall += (System.nanoTime() - startWall) / 1e9;
      pauses.addAll(GcPauses.in(running.gcLog, startGcLog));
    }

    void report(String load) {
      if (!Double.isNaN(compiling) && wall > 0) {
        String share =
            String.format(
                Locale.ROOT,
                "%.0f%% of one core (%.1f s in %.0f s)",
                100 * compiling / wall,
                compiling,
                wall);
        log("%s: JIT compilers busy %s", load, share);
        compilerShares.put(load, share);
      }
      log("%s: GC pauses %s", load, pauses);
      gcPauses.put(load, pauses.toString());
    }
  }

  /** Samples the service's resident memory twice a second, keeping the highest. */
  private static final class MemoryWatch {
    private final AtomicReference<Double> highest = new AtomicReference<>(0.0);
    private final AtomicBoolean watching = new AtomicBoolean(true);

    MemoryWatch(ServiceProcess service) {
      Thread thread =
          new Thread(
              () -> {
                while (watching.get()) {
                  try {
                    double now = service.rssMb();
                    highest.accumulateAndGet(now, Math::max);
                    Thread.sleep(500);
                  } catch (Exception e) {
                    return;
                  }
                }
              },
              "bench-memory");
      thread.setDaemon(true);
      thread.start();
    }

    double highestMb() {
      return highest.get();
    }

    void stop() {
      watching.set(false);
    }
  }

  private static String machine() {
    return Runtime.getRuntime().availableProcessors()
        + " cores, "
        + Math.round(
            ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize()
                / 1e9)
        + " GB, "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + ", Java "
        + System.getProperty("java.version")
        + "; service, PostgreSQL, Kafka and load generator on it together";
  }

  /**
   * The java launcher that {@code --aot-java} names: the launcher itself or a JDK's home, whose
   * {@code bin/java} it then is. Anything else is refused at once with what was given.
   */
  static String javaCommand(String given) {
    Path path = Path.of(given);
    Path launcher = Files.isDirectory(path) ? path.resolve("bin").resolve("java") : path;
    if (!Files.isRegularFile(launcher) || !Files.isExecutable(launcher)) {
      throw new IllegalArgumentException(
          "--aot-java takes a java launcher or a JDK's home; no executable java at " + launcher);
    }
    return launcher.toString();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
  }
}
