package org.vps.snapshots.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import org.vps.snapshots.client.model.Operation;

/**
 * Follows an operation until it ends, showing the progress the API reports: a bar redrawn in place
 * on a terminal, a line per change otherwise, both on standard error so that standard output stays
 * the command's answer. A failed or cancelled operation ends the command with its reason.
 */
final class Waiter {
  private static final int BAR = 30;

  private final Api api;
  private final PrintStream err;
  private final boolean terminal;
  private final Duration interval;

  Waiter(Api api, PrintStream err, boolean terminal, Duration interval) {
    this.api = api;
    this.err = err;
    this.terminal = terminal;
    this.interval = interval;
  }

  /** The operation once it succeeded. */
  Operation await(long operationId) {
    String shown = null;
    while (true) {
      Operation operation = api.call(() -> api.operations().getOperation(operationId));
      String line = line(operation);
      if (!Objects.equals(line, shown)) {
        err.print(terminal ? "\r" + line + "\033[K" : line + System.lineSeparator());
        err.flush();
        shown = line;
      }
      Operation.StatusEnum status = operation.getStatus();
      if (status == Operation.StatusEnum.SUCCEEDED) {
        if (terminal) {
          err.println();
        }
        return operation;
      }
      if (status == Operation.StatusEnum.FAILED || status == Operation.StatusEnum.CANCELLED) {
        if (terminal) {
          err.println();
        }
        throw new CliFailure(
            CliFailure.JOB_FAILED,
            "operation %d %s: %s"
                .formatted(
                    operationId,
                    status.getValue(),
                    Objects.requireNonNullElse(operation.getError(), "no reason given")));
      }
      Api.pause(interval);
    }
  }

  private String line(Operation operation) {
    int progress = operation.getProgress() == null ? 0 : operation.getProgress();
    String what = "%s %d %s".formatted(kind(operation), operation.getId(), status(operation));
    if (!terminal) {
      return "%s, %d%%".formatted(what, progress);
    }
    int filled = progress * BAR / 100;
    return "[%s%s] %3d%%  %s"
        .formatted("#".repeat(filled), ".".repeat(BAR - filled), progress, what);
  }

  private static String kind(Operation operation) {
    return operation.getKind() == null ? "operation" : operation.getKind().getValue();
  }

  private static String status(Operation operation) {
    return operation.getStatus() == null ? "" : operation.getStatus().getValue();
  }
}
