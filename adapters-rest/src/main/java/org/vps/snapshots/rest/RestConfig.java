package org.vps.snapshots.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The REST adapter's settings; each default is written here only (the README's table says so). */
@ConfigMapping(prefix = "snapshots")
public interface RestConfig {
  /** The operator token; without one the operator API answers 401. */
  Optional<String> adminToken();

  Api api();

  Admin admin();

  RateLimit rateLimit();

  /** Whether this node answers the customers' API. */
  interface Api {
    @WithDefault("true")
    boolean enabled();
  }

  /** A listener of its own for the operator API; without a port it shares the public one. */
  interface Admin {
    Optional<Integer> port();

    @WithDefault("0.0.0.0")
    String host();
  }

  /** Per-account budgets of the customers' API, and per client address of unknown tokens. */
  interface RateLimit {
    @WithDefault("false")
    boolean enabled();

    Read read();

    Write write();

    UnknownToken unknownToken();

    interface Read {
      @WithDefault("600")
      double burst();

      @WithDefault("10")
      double perSecond();
    }

    interface Write {
      @WithDefault("60")
      double burst();

      @WithDefault("1")
      double perSecond();
    }

    interface UnknownToken {
      @WithDefault("20")
      double burst();

      @WithDefault("0.2")
      double perSecond();
    }
  }
}
