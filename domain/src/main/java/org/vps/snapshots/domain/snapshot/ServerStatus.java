package org.vps.snapshots.domain.snapshot;

import java.util.regex.Pattern;
import org.vps.snapshots.domain.InvalidValueException;

/**
 * A server's state: {@code running}, {@code stopped} and {@code restoring} carry rules here; the
 * platform may use others (such as {@code provisioning}) which simply allow no snapshot work.
 */
public record ServerStatus(String value) {
  // Declared first: the constants below are checked against it as they are built.
  private static final Pattern WORD = Pattern.compile("[a-z][a-z_]{0,31}");
  public static final ServerStatus RUNNING = new ServerStatus("running");
  public static final ServerStatus STOPPED = new ServerStatus("stopped");
  public static final ServerStatus RESTORING = new ServerStatus("restoring");

  /** A restore was cut off mid-write: what is on the disk must be checked before anything else. */
  public static final ServerStatus UNKNOWN = new ServerStatus("unknown");

  public ServerStatus {
    if (value == null || !WORD.matcher(value).matches()) {
      throw new InvalidValueException(
          "status", "Must be a lower-case word such as running or stopped.");
    }
  }

  /** Running or stopped: the states a snapshot or restore may start from. */
  public boolean isPowerState() {
    return equals(RUNNING) || equals(STOPPED);
  }
}
