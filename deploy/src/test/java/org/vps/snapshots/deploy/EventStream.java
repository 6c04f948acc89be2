package org.vps.snapshots.deploy;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A subscriber outside the service, reading a topic from the start as any consumer would. */
final class EventStream implements AutoCloseable {
  private final KafkaConsumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

  EventStream(String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.broker().bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-subscriber-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(config);
    consumer.subscribe(List.of(topic));
  }

  static EventStream events() {
    return new EventStream("snapshots.events");
  }

  /** Every record keyed {@code key}, waiting until {@code enough} holds of them. */
  List<ConsumerRecord<String, String>> awaitKey(
      String key, Predicate<List<ConsumerRecord<String, String>>> enough) {
    readUntil(() -> enough.test(keyed(key)));
    return keyed(key);
  }

  /** Every record the topic holds now: read until the consumer's position is at its end. */
  List<ConsumerRecord<String, String>> toTheEnd() {
    readUntil(
        () -> {
          var assigned = consumer.assignment();
          return !assigned.isEmpty()
              && consumer.endOffsets(assigned).entrySet().stream()
                  .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        });
    return List.copyOf(seen);
  }

  /** Polls the topic, keeping what arrives, until {@code done} holds (a minute at most). */
  private void readUntil(Callable<Boolean> done) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
              return done.call();
            });
  }

  /**
   * The records keyed {@code key}, once exactly as many as {@code types} arrived and no more
   * followed for two seconds, checked to be of those types in that order.
   */
  List<ConsumerRecord<String, String>> awaitExactly(String key, String... types) {
    awaitKey(key, r -> r.size() >= types.length);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> awaitKey(key, r -> true).size() == types.length);
    List<ConsumerRecord<String, String>> records = keyed(key);
    org.assertj.core.api.Assertions.assertThat(records)
        .extracting(EventStream::type)
        .containsExactly(types);
    return records;
  }

  /** The events of a server, once exactly {@code types} arrived and nothing more followed. */
  static List<ConsumerRecord<String, String>> ofServer(long server, String... types) {
    try (EventStream stream = events()) {
      return stream.awaitExactly(Long.toString(server), types);
    }
  }

  List<ConsumerRecord<String, String>> keyed(String key) {
    return seen.stream().filter(r -> key.equals(r.key())).toList();
  }

  static String type(ConsumerRecord<String, String> record) {
    return header(record, "ce_type");
  }

  static String header(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  static Map<String, String> headers(ConsumerRecord<String, String> record) {
    Map<String, String> all = new HashMap<>();
    record.headers().forEach(h -> all.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
    return all;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
