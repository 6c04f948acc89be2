package org.vps.snapshots.domain.schedule;

import java.util.Locale;

/** How one firing of a schedule ended. */
public enum RunOutcome {
  /** A snapshot was started, after rotating older ones where needed. */
  SUCCEEDED,
  /** Nothing was started, for the reason recorded. */
  SKIPPED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
