package org.vps.snapshots.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.vps.snapshots.domain.event.EventType;

/**
 * Open-loop creates at a steady rate; for each, the time from its 201 to the moment a Kafka
 * consumer reads its {@code SnapshotCreated}. Create latency counts from the intended send time, so
 * a stalled service cannot hide its stall.
 */
final class EventLatency {
  private static final Pattern SNAPSHOT_ID = Pattern.compile("\"snapshot_id\":(\\d+)");

  /**
   * {@code inOutboxMillis}: from the 201 to the relay handing the event to the producer (the
   * record's create time, in milliseconds of the wall clock); {@code inKafkaMillis}: from there
   * until the consumer read it.
   */
  record Result(
      long sent,
      long errors,
      long matched,
      ConcurrentHistogram eventMicros,
      ConcurrentHistogram createMicros,
      ConcurrentHistogram inOutboxMillis,
      ConcurrentHistogram inKafkaMillis) {}

  /** When the consumer read an event: on the monotonic clock, and its record's create time. */
  private record Consumed(long nanos, long wallMillis, long producedMillis) {}

  static Result measure(
      Workloads load, String kafka, int perSecond, Duration warmUp, Duration measured)
      throws Exception {
    Map<Long, long[]> answeredAt = new ConcurrentHashMap<>();
    Map<Long, Consumed> consumedAt = new ConcurrentHashMap<>();
    ConcurrentHistogram events = new ConcurrentHistogram(3_600_000_000L, 3);
    ConcurrentHistogram creates = new ConcurrentHistogram(3_600_000_000L, 3);
    AtomicLong sent = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicBoolean consuming = new AtomicBoolean(true);
    CountDownLatch assigned = new CountDownLatch(1);
    Thread consumer =
        new Thread(() -> consume(kafka, consuming, consumedAt, assigned), "bench-consumer");
    consumer.start();
    if (!assigned.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the benchmark's Kafka consumer got no partitions");
    }
    long start = System.nanoTime();
    long measureFrom = start + warmUp.toNanos();
    long end = measureFrom + measured.toNanos();
    ExecutorService senders = Executors.newFixedThreadPool(64);
    ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
    AtomicLong tick = new AtomicLong();
    ticks.scheduleAtFixedRate(
        () -> {
          long intended = start + tick.getAndIncrement() * periodNanos;
          if (intended >= end) {
            return;
          }
          senders.submit(
              () -> {
                try {
                  long server = load.nextIdleServer();
                  var response = load.createOverHttp(load.accountOfIdle(server), server);
                  long answered = System.nanoTime();
                  long answeredWall = System.currentTimeMillis();
                  if (response.statusCode() != 201) {
                    errors.incrementAndGet();
                    return;
                  }
                  Matcher id =
                      SNAPSHOT_ID.matcher(response.body().replace("\"id\":", "\"snapshot_id\":"));
                  if (intended >= measureFrom && id.find()) {
                    sent.incrementAndGet();
                    creates.recordValue((answered - intended) / 1000);
                    answeredAt.put(
                        Long.parseLong(id.group(1)), new long[] {answered, answeredWall});
                  }
                } catch (Exception e) {
                  errors.incrementAndGet();
                }
              });
        },
        0,
        periodNanos,
        TimeUnit.NANOSECONDS);
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 5000);
    ticks.shutdownNow();
    senders.shutdown();
    senders.awaitTermination(30, TimeUnit.SECONDS);
    Thread.sleep(2000);
    consuming.set(false);
    consumer.join();

    ConcurrentHistogram inOutbox = new ConcurrentHistogram(3_600_000L, 3);
    ConcurrentHistogram inKafka = new ConcurrentHistogram(3_600_000L, 3);
    long matched = 0;
    for (Map.Entry<Long, long[]> answered : answeredAt.entrySet()) {
      Consumed consumed = consumedAt.get(answered.getKey());
      if (consumed != null) {
        matched++;
        events.recordValue(Math.max(0, consumed.nanos() - answered.getValue()[0]) / 1000);
        inOutbox.recordValue(Math.max(0, consumed.producedMillis() - answered.getValue()[1]));
        inKafka.recordValue(Math.max(0, consumed.wallMillis() - consumed.producedMillis()));
      }
    }
    return new Result(sent.get(), errors.get(), matched, events, creates, inOutbox, inKafka);
  }

  private static void consume(
      String kafka,
      AtomicBoolean consuming,
      Map<Long, Consumed> consumedAt,
      CountDownLatch assigned) {
    Properties config = new Properties();
    config.put("bootstrap.servers", kafka);
    config.put("group.id", "bench-" + UUID.randomUUID());
    config.put("auto.offset.reset", "latest");
    config.put("key.deserializer", StringDeserializer.class.getName());
    config.put("value.deserializer", StringDeserializer.class.getName());
    // The broker answers a fetch as soon as a record arrives (fetch.min.bytes 1): the longest wait
    // adds no latency, and a short one only makes the broker answer empty fetches all the time,
    // taking the cores of the service measured.
    config.put("fetch.max.wait.ms", "500");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of("snapshots.events"));
      while (consuming.get()) {
        var records = consumer.poll(Duration.ofMillis(20));
        if (!consumer.assignment().isEmpty()) {
          assigned.countDown();
        }
        for (ConsumerRecord<String, String> record : records) {
          long now = System.nanoTime();
          long wall = System.currentTimeMillis();
          var type = record.headers().lastHeader("ce_type");
          if (type != null
              && new String(type.value()).equals(EventType.SNAPSHOT_CREATED.wireName())) {
            Matcher id = SNAPSHOT_ID.matcher(record.value());
            if (id.find()) {
              consumedAt.put(
                  Long.parseLong(id.group(1)), new Consumed(now, wall, record.timestamp()));
            }
          }
        }
      }
    }
  }
}
