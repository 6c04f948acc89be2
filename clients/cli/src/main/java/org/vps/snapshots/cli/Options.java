package org.vps.snapshots.cli;

import java.util.UUID;
import picocli.CommandLine.Option;

/** Options that several commands share, as picocli mixins. */
final class Options {
  private Options() {}

  /** {@code -o}: how the answer is printed. */
  static final class Format {
    @Option(
        names = {"-o", "--output"},
        defaultValue = "table",
        description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
    Output.Format format;
  }

  /** Which page of a list, or all of them. */
  static final class Paging {
    @Option(names = "--page", defaultValue = "1", description = "The page to show (default: 1).")
    int page;

    @Option(names = "--page-size", defaultValue = "50", description = "1 to 100 (default: 50).")
    int pageSize;

    @Option(names = "--all", description = "Every page, not only one.")
    boolean all;
  }

  /** A request that starts an operation: waited out while the server is busy, and keyed. */
  static final class Starting {
    @Option(
        names = "--retry",
        description =
            "While the server is busy with another operation, wait as the API says and try again.")
    boolean retry;

    @Option(
        names = "--idempotency-key",
        paramLabel = "KEY",
        description =
            "Default: a new random key, the same on every retry of this command's request.")
    String idempotencyKey;

    String key() {
      return idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
    }
  }
}
