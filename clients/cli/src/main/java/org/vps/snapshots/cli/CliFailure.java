package org.vps.snapshots.cli;

import java.time.Duration;
import java.util.Optional;

/** The end of a command with a message for its user and one of the documented exit codes. */
final class CliFailure extends RuntimeException {
  static final int JOB_FAILED = 1;
  static final int USAGE = 2;
  static final int NOT_FOUND = 3;
  static final int REFUSED = 4;
  static final int AUTH = 5;
  static final int UNAVAILABLE = 6;

  private final int exitCode;
  private final String problemCode;
  private final Duration retryAfter;

  CliFailure(int exitCode, String message) {
    this(exitCode, message, null, null);
  }

  CliFailure(int exitCode, String message, String problemCode, Duration retryAfter) {
    super(message, null, false, false);
    this.exitCode = exitCode;
    this.problemCode = problemCode;
    this.retryAfter = retryAfter;
  }

  int exitCode() {
    return exitCode;
  }

  /** The API's machine code of the refusal, when the API answered one. */
  Optional<String> problemCode() {
    return Optional.ofNullable(problemCode);
  }

  /** How long the API asked to wait before trying again, when it said. */
  Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
