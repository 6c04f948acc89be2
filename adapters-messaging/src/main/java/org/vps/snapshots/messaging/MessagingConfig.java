package org.vps.snapshots.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The messaging adapter's settings; each default is written here only. */
@ConfigMapping(prefix = "snapshots")
public interface MessagingConfig {
  Outbox outbox();

  Events events();

  Worker worker();

  /** The relay from the outbox to Kafka. */
  interface Outbox {
    /** How many messages one pass publishes at most. */
    @WithDefault("200")
    int batchSize();

    /** How long the relay waits for a wake-up before it looks anyway. */
    @WithDefault("1s")
    Duration pollInterval();

    Relay relay();

    interface Relay {
      /** Whether this node relays (any number of nodes may: each partition has one at a time). */
      @WithDefault("true")
      boolean enabled();
    }
  }

  /** The events on {@code snapshots.events}. */
  interface Events {
    /** {@code ce_source} of every event. */
    @WithDefault("/vps/snapshots")
    String source();

    /** How long the relay waits for Kafka to acknowledge or give up a batch. */
    @WithDefault("60s")
    Duration ackTimeout();
  }

  /** The workers' side of a node. */
  interface Worker {
    /** How long a stopping worker waits for its jobs to give their operations back. */
    @WithDefault("20s")
    Duration shutdownGrace();
  }
}
