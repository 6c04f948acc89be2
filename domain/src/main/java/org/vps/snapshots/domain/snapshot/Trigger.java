package org.vps.snapshots.domain.snapshot;

import java.util.Locale;

/** What made a snapshot: a customer's request, or one of their schedules. */
public enum Trigger {
  MANUAL,
  SCHEDULE;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
