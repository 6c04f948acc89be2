package org.vps.snapshots.domain.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.InvalidValueException;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.snapshot.RuleViolationException;
import org.vps.snapshots.domain.snapshot.ServerSnapshots;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotName;
import org.vps.snapshots.domain.snapshot.SnapshotQuota;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;

/**
 * A server's snapshot schedule: it fires at each tick of its recurrence, names its snapshots {@code
 * <prefix>-YYYYMMDD-HHMM} after the tick, and keeps at most {@code keep} of them, rotating the
 * oldest completed one away. Snapshots made by hand, and protected ones, are never rotated. After a
 * downtime it fires once, for the latest tick it missed, never once per missed tick.
 */
public final class Schedule {
  public static final int MAX_PREFIX = SnapshotName.MAX_LENGTH - "-YYYYMMDD-HHMM".length();
  public static final int MAX_KEEP = SnapshotQuota.DEFAULT.limit();
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]+");
  private static final DateTimeFormatter SUFFIX =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

  private final ScheduleId id;
  private final AccountId accountId;
  private final ServerId serverId;
  private final Instant createdAt;
  private String namePrefix;
  private Recurrence recurrence;
  private int keep;
  private boolean enabled;
  private Labels labels;
  private Instant nextRunAt;
  private Instant pendingTick;

  private Schedule(
      ScheduleId id,
      AccountId accountId,
      ServerId serverId,
      Instant createdAt,
      String namePrefix,
      Recurrence recurrence,
      int keep,
      boolean enabled,
      Labels labels,
      Instant nextRunAt,
      Instant pendingTick) {
    this.id = Objects.requireNonNull(id);
    this.accountId = Objects.requireNonNull(accountId);
    this.serverId = Objects.requireNonNull(serverId);
    this.createdAt = Objects.requireNonNull(createdAt);
    this.namePrefix = prefix(namePrefix);
    this.recurrence = Objects.requireNonNull(recurrence);
    this.keep = keep(keep);
    this.enabled = enabled;
    this.labels = Objects.requireNonNull(labels);
    this.nextRunAt = Objects.requireNonNull(nextRunAt);
    this.pendingTick = pendingTick;
  }

  /** A new schedule; its first run is the recurrence's next tick. */
  public static Schedule register(
      ScheduleId id,
      AccountId accountId,
      ServerId serverId,
      String namePrefix,
      Recurrence recurrence,
      int keep,
      boolean enabled,
      Labels labels,
      Clock clock) {
    Instant now = clock.instant();
    return new Schedule(
        id,
        accountId,
        serverId,
        now,
        namePrefix,
        recurrence,
        keep,
        enabled,
        labels,
        recurrence.nextAfter(now),
        null);
  }

  /** Rebuilds a schedule as it was stored. */
  public static Schedule fromStorage(
      ScheduleId id,
      AccountId accountId,
      ServerId serverId,
      Instant createdAt,
      String namePrefix,
      Recurrence recurrence,
      int keep,
      boolean enabled,
      Labels labels,
      Instant nextRunAt,
      Instant pendingTick) {
    return new Schedule(
        id,
        accountId,
        serverId,
        createdAt,
        namePrefix,
        recurrence,
        keep,
        enabled,
        labels,
        nextRunAt,
        pendingTick);
  }

  private static String prefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      throw new InvalidValueException("name_prefix", "This field may not be blank.");
    }
    if (prefix.length() > MAX_PREFIX) {
      throw new InvalidValueException(
          "name_prefix", "Ensure this field has no more than " + MAX_PREFIX + " characters.");
    }
    if (!PREFIX.matcher(prefix).matches()) {
      throw new InvalidValueException(
          "name_prefix", "Use only letters, digits, hyphens and underscores.");
    }
    return prefix;
  }

  private static int keep(int keep) {
    if (keep < 1 || keep > MAX_KEEP) {
      throw new InvalidValueException(
          "keep", "Ensure this value is between 1 and " + MAX_KEEP + ".");
    }
    return keep;
  }

  /** What a customer changes of a schedule; an empty part stays as it is. */
  public record Change(
      Optional<String> namePrefix,
      Optional<Recurrence> recurrence,
      Optional<Integer> keep,
      Optional<Boolean> enabled,
      Optional<Labels> labels) {}

  /**
   * Applies {@code change}. A new recurrence, or enabling, plans the next run afresh from now and
   * forgets a run waiting for its server.
   */
  public void change(Change change, Clock clock) {
    change.namePrefix().ifPresent(p -> namePrefix = prefix(p));
    change.keep().ifPresent(k -> keep = keep(k));
    change.labels().ifPresent(l -> labels = l);
    boolean replan =
        change.recurrence().filter(r -> !r.equals(recurrence)).isPresent()
            || change.enabled().filter(e -> e && !enabled).isPresent();
    change.recurrence().ifPresent(r -> recurrence = r);
    change.enabled().ifPresent(e -> enabled = e);
    if (replan) {
      nextRunAt = recurrence.nextAfter(clock.instant());
      pendingTick = null;
    }
  }

  /** Whether the schedule should fire at {@code now}. */
  public boolean isDue(Instant now) {
    return enabled && !nextRunAt.isAfter(now);
  }

  /**
   * The tick a run at {@code now} is for: the one a busy server made wait, or else the latest at or
   * before now, so that a node that was down fires once for what it missed.
   */
  public Instant tick(Instant now) {
    return pendingTick != null ? pendingTick : recurrence.latestAtOrBefore(now);
  }

  /** The name of the snapshot of {@code tick}. */
  public SnapshotName snapshotName(Instant tick) {
    return new SnapshotName(namePrefix + "-" + SUFFIX.format(tick));
  }

  /**
   * The snapshots to delete before this schedule's next one: the oldest completed, unprotected
   * snapshots it made, while it holds {@code keep} of its own or the server is at its quota.
   *
   * @throws RuleViolationException {@code snapshot_limit_reached} when the server stays at its
   *     quota whatever this schedule may rotate
   */
  public List<Snapshot> toRotate(ServerSnapshots existing, SnapshotQuota quota) {
    List<Snapshot> own =
        existing.all().stream()
            .filter(s -> s.scheduleId().filter(id::equals).isPresent())
            .filter(s -> s.countsTowardsQuota() && !s.deleteProtected())
            .sorted(Comparator.comparing(Snapshot::createdAt))
            .toList();
    long ownCount = own.size();
    long total = existing.countingTowardsQuota();
    List<Snapshot> rotate = new ArrayList<>();
    for (Snapshot candidate : own) {
      if (ownCount < keep && total < quota.limit()) {
        break;
      }
      if (candidate.status() == SnapshotStatus.COMPLETED) {
        rotate.add(candidate);
        ownCount--;
        total--;
      }
    }
    if (total >= quota.limit()) {
      throw new RuleViolationException(
          "snapshot_limit_reached",
          "Server "
              + serverId.value()
              + " already has "
              + quota.limit()
              + " snapshots and none of them is one this schedule may rotate (made by it,"
              + " completed and unprotected).");
    }
    return rotate;
  }

  /** A run ended (made a snapshot, or was skipped): the next is the tick after now. */
  public void ran(Instant now) {
    nextRunAt = recurrence.nextAfter(now);
    pendingTick = null;
  }

  /**
   * The server could not take a snapshot for {@code tick} at {@code now}: tries again after {@code
   * every}, while within {@code window} of the tick; false when the window is over and the run is
   * to be skipped.
   */
  public boolean retryLater(
      Instant tick, Instant now, java.time.Duration every, java.time.Duration window) {
    if (!now.isBefore(tick.plus(window))) {
      return false;
    }
    pendingTick = tick;
    Instant again = now.plus(every);
    Instant windowEnd = tick.plus(window);
    nextRunAt = again.isAfter(windowEnd) ? windowEnd : again;
    return true;
  }

  public ScheduleId id() {
    return id;
  }

  public AccountId accountId() {
    return accountId;
  }

  public ServerId serverId() {
    return serverId;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public String namePrefix() {
    return namePrefix;
  }

  public Recurrence recurrence() {
    return recurrence;
  }

  public int keep() {
    return keep;
  }

  public boolean enabled() {
    return enabled;
  }

  public Labels labels() {
    return labels;
  }

  public Instant nextRunAt() {
    return nextRunAt;
  }

  public Optional<Instant> pendingTick() {
    return Optional.ofNullable(pendingTick);
  }
}
