package org.vps.snapshots.domain.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.vps.snapshots.domain.InvalidValueException;

/** When a schedule fires: every day, or every week on one weekday, at one minute of UTC. */
public record Recurrence(Every every, LocalTime at, DayOfWeek weekday) {
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  /** How often. */
  public enum Every {
    DAILY,
    WEEKLY;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Every> fromCode(String code) {
      for (Every every : values()) {
        if (every.code().equals(code)) {
          return Optional.of(every);
        }
      }
      return Optional.empty();
    }
  }

  public Recurrence {
    Objects.requireNonNull(every);
    at = Objects.requireNonNull(at).truncatedTo(ChronoUnit.MINUTES);
    if (every == Every.WEEKLY && weekday == null) {
      throw new InvalidValueException("weekday", "A weekly schedule needs a weekday.");
    }
    if (every == Every.DAILY && weekday != null) {
      throw new InvalidValueException("weekday", "Only a weekly schedule takes a weekday.");
    }
  }

  /** A time of day as customers write it, {@code HH:MM} in UTC. */
  public static LocalTime time(String text) {
    try {
      if (text.length() != 5) {
        throw new DateTimeParseException("not HH:MM", text, 0);
      }
      return LocalTime.parse(text, HH_MM);
    } catch (DateTimeParseException e) {
      throw new InvalidValueException("at", "Give a time of day in UTC as HH:MM, such as 03:30.");
    }
  }

  /** A weekday as customers write it: {@code monday} to {@code sunday}. */
  public static DayOfWeek weekday(String text) {
    try {
      return DayOfWeek.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException("weekday", "Select one of monday, tuesday, … sunday.");
    }
  }

  public String atText() {
    return HH_MM.format(at);
  }

  public Optional<String> weekdayText() {
    return Optional.ofNullable(weekday).map(d -> d.name().toLowerCase(Locale.ROOT));
  }

  /** The first time this recurrence fires strictly after {@code instant}. */
  public Instant nextAfter(Instant instant) {
    ZonedDateTime now = instant.atZone(ZoneOffset.UTC);
    ZonedDateTime candidate = now.truncatedTo(ChronoUnit.DAYS).with(at);
    if (every == Every.WEEKLY) {
      candidate = candidate.with(TemporalAdjusters.nextOrSame(weekday));
    }
    while (!candidate.isAfter(now)) {
      candidate = candidate.plusDays(every == Every.WEEKLY ? 7 : 1);
    }
    return candidate.toInstant();
  }

  /** The last time this recurrence fired at or before {@code instant}. */
  public Instant latestAtOrBefore(Instant instant) {
    Instant next = nextAfter(instant);
    return next.atZone(ZoneOffset.UTC).minusDays(every == Every.WEEKLY ? 7 : 1).toInstant();
  }
}
