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

  Webhooks webhooks();

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

  /** Customers' webhooks: how they are sent, retried and guarded. */
  interface Webhooks {
    /**
     * Whether this node sends webhooks (its default is in application.properties, read by name by
     * the consumer's configuration).
     */
    boolean enabled();

    /** Each attempt's bound: connecting, sending and the answer's status line. */
    @WithDefault("10s")
    Duration timeout();

    /** How much of a receiver's answer is read; the rest is cut off. */
    @WithDefault("4096")
    int maxResponseBytes();

    /** At most this many deliveries of one endpoint are in flight at once. */
    @WithDefault("4")
    int perEndpoint();

    /** At most this many deliveries of all endpoints are in flight at once on this node. */
    @WithDefault("256")
    int maxInFlight();

    /** How long the sender waits for a wake-up before it looks for due deliveries anyway. */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a node holds a delivery it sends before another may take it over. */
    @WithDefault("60s")
    Duration sendLease();

    /** How long the secret before a rotation keeps signing beside the new one. */
    @WithDefault("24h")
    Duration secretGrace();

    /** An endpoint whose every delivery failed for this long is disabled. */
    @WithDefault("24h")
    Duration disableAfter();

    /**
     * Allows http URLs and loopback or private addresses: for development and tests only, refused
     * by the production settings check.
     */
    @WithDefault("false")
    boolean allowInsecure();

    Retry retry();

    /** Exponential backoff with jitter between a failed delivery's attempts. */
    interface Retry {
      @WithDefault("5s")
      Duration first();

      @WithDefault("2")
      double factor();

      @WithDefault("1h")
      Duration longest();

      /** Each pause moves by up to this share of itself, either way. */
      @WithDefault("0.2")
      double jitter();

      /** No attempt is made later than this after the event. */
      @WithDefault("24h")
      Duration giveUpAfter();
    }
  }
}
