package org.vps.snapshots.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reads the column values of native queries, whichever Java type the driver chose for them. */
final class Rows {
  private Rows() {}

  static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    return ((Timestamp) value).toInstant();
  }

  static Long longOrNull(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }
}
