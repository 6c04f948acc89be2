package org.vps.snapshots.application.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * How schedules fire: a server busy with another operation is tried again every {@code retryEvery}
 * until {@code retryWindow} after the tick, then the run is skipped; a pass fires at most {@code
 * batch} schedules.
 */
public record SchedulePolicy(Duration retryEvery, Duration retryWindow, int batch) {
  public static final SchedulePolicy DEFAULT =
      new SchedulePolicy(Duration.ofMinutes(1), Duration.ofHours(1), 50);

  public SchedulePolicy {
    Objects.requireNonNull(retryEvery);
    Objects.requireNonNull(retryWindow);
    if (batch < 1) {
      throw new IllegalArgumentException("a pass fires at least one schedule");
    }
  }
}
