package org.vps.snapshots.domain.snapshot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.IllegalTransitionException;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.RandomIds;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.Text;
import org.vps.snapshots.domain.event.SnapshotCompleted;
import org.vps.snapshots.domain.event.SnapshotCreated;
import org.vps.snapshots.domain.event.SnapshotEvent;
import org.vps.snapshots.domain.event.SnapshotFailed;
import org.vps.snapshots.domain.event.SnapshotUpdated;

/**
 * A point-in-time copy of one server. It is created in progress by {@link Server#takeSnapshot} and
 * ends either completed (with its size) or failed (with a reason); it never leaves those ends.
 */
public final class Snapshot {

  private final SnapshotId id;
  private final AccountId accountId;
  private final ServerId serverId;
  private SnapshotName name;
  private Description description;
  private final Instant createdAt;
  private SnapshotStatus status;
  private Long sizeMb;
  private Consistency consistency;
  private int progress;
  private String failureReason;
  private Instant finishedAt;
  private Labels labels;
  private boolean deleteProtected;
  private final ScheduleId scheduleId;
  private final List<SnapshotEvent> events = new ArrayList<>();

  private Snapshot(
      SnapshotId id,
      AccountId accountId,
      ServerId serverId,
      SnapshotName name,
      Description description,
      Instant createdAt,
      SnapshotStatus status,
      Long sizeMb,
      Consistency consistency,
      int progress,
      String failureReason,
      Instant finishedAt,
      Labels labels,
      boolean deleteProtected,
      ScheduleId scheduleId) {
    this.id = Objects.requireNonNull(id);
    this.accountId = Objects.requireNonNull(accountId);
    this.serverId = Objects.requireNonNull(serverId);
    this.name = Objects.requireNonNull(name);
    this.description = Objects.requireNonNull(description);
    this.createdAt = Objects.requireNonNull(createdAt);
    this.status = Objects.requireNonNull(status);
    this.sizeMb = sizeMb;
    this.consistency = consistency;
    this.progress = progress;
    this.failureReason = failureReason;
    this.finishedAt = finishedAt;
    this.labels = Objects.requireNonNull(labels);
    this.deleteProtected = deleteProtected;
    this.scheduleId = scheduleId;
  }

  static Snapshot start(
      SnapshotId id,
      OperationId operation,
      Server server,
      SnapshotName name,
      Description description,
      Labels labels,
      ScheduleId scheduleId,
      Clock clock) {
    Instant now = clock.instant();
    Snapshot snapshot =
        new Snapshot(
            id,
            server.accountId(),
            server.id(),
            name,
            description,
            now,
            SnapshotStatus.IN_PROGRESS,
            null,
            null,
            0,
            null,
            null,
            labels,
            false,
            scheduleId);
    snapshot.events.add(
        new SnapshotCreated(
            RandomIds.uuid(),
            now,
            server.accountId(),
            server.id(),
            id,
            operation,
            name.value(),
            description.value(),
            server.status().value(),
            labels,
            snapshot.trigger().code(),
            scheduleId));
    return snapshot;
  }

  /** Rebuilds a snapshot as it was stored; records no event. */
  public static Snapshot fromStorage(
      SnapshotId id,
      AccountId accountId,
      ServerId serverId,
      SnapshotName name,
      Description description,
      Instant createdAt,
      SnapshotStatus status,
      Long sizeMb,
      Consistency consistency,
      int progress,
      String failureReason,
      Instant finishedAt,
      Labels labels,
      boolean deleteProtected,
      ScheduleId scheduleId) {
    return new Snapshot(
        id,
        accountId,
        serverId,
        name,
        description,
        createdAt,
        status,
        sizeMb,
        consistency,
        progress,
        failureReason,
        finishedAt,
        labels,
        deleteProtected,
        scheduleId);
  }

  /** Operation {@code operation} stored the copy, which takes {@code sizeMb} megabytes. */
  public void complete(OperationId operation, long sizeMb, Clock clock) {
    complete(operation, sizeMb, Optional.empty(), clock);
  }

  /**
   * Operation {@code operation} stored the copy, which takes {@code sizeMb} megabytes and holds
   * what {@code consistency} says, where the backend could tell.
   */
  public void complete(
      OperationId operation, long sizeMb, Optional<Consistency> consistency, Clock clock) {
    requireInProgress("complete");
    if (sizeMb < 0) {
      throw new IllegalArgumentException("a snapshot's size cannot be negative: " + sizeMb);
    }
    Instant now = clock.instant();
    this.status = SnapshotStatus.COMPLETED;
    this.sizeMb = sizeMb;
    this.consistency = consistency.orElse(null);
    this.progress = 100;
    this.finishedAt = now;
    events.add(
        new SnapshotCompleted(
            RandomIds.uuid(),
            now,
            accountId,
            serverId,
            id,
            operation,
            name.value(),
            sizeMb,
            this.consistency == null ? null : this.consistency.code(),
            trigger().code()));
  }

  /** Operation {@code operation} could not make the copy; the snapshot leaves the quota. */
  public void fail(OperationId operation, String reason, Clock clock) {
    requireInProgress("fail");
    Instant now = clock.instant();
    this.status = SnapshotStatus.FAILED;
    this.failureReason = Text.failureReason(reason);
    this.finishedAt = now;
    events.add(
        new SnapshotFailed(
            RandomIds.uuid(),
            now,
            accountId,
            serverId,
            id,
            operation,
            name.value(),
            failureReason,
            trigger().code()));
  }

  /**
   * Changes what {@code edit} gives, in any state, and records {@code SnapshotUpdated} with what
   * changed; nothing when nothing does. A new name must be free among {@code siblings}, the
   * server's snapshots.
   */
  public void edit(Edit edit, ServerSnapshots siblings, Clock clock) {
    Optional<SnapshotName> newName = edit.name().filter(n -> !n.equals(name));
    if (newName.isPresent() && siblings.hasName(newName.get())) {
      throw RuleViolationException.duplicateName(serverId, newName.get());
    }
    Optional<Description> newDescription = edit.description().filter(d -> !d.equals(description));
    Optional<Labels> newLabels = edit.labels().filter(l -> !l.equals(labels));
    Optional<Boolean> newProtection = edit.deleteProtected().filter(p -> p != deleteProtected);
    if (newName.isEmpty()
        && newDescription.isEmpty()
        && newLabels.isEmpty()
        && newProtection.isEmpty()) {
      return;
    }
    newName.ifPresent(n -> name = n);
    newDescription.ifPresent(d -> description = d);
    newLabels.ifPresent(l -> labels = l);
    newProtection.ifPresent(p -> deleteProtected = p);
    events.add(
        new SnapshotUpdated(
            RandomIds.uuid(),
            clock.instant(),
            accountId,
            serverId,
            id,
            name.value(),
            newName.map(SnapshotName::value).orElse(null),
            newDescription.map(Description::value).orElse(null),
            newLabels.orElse(null),
            newProtection.orElse(null)));
  }

  /** What a customer changes of a snapshot; an empty part stays as it is. */
  public record Edit(
      Optional<SnapshotName> name,
      Optional<Description> description,
      Optional<Labels> labels,
      Optional<Boolean> deleteProtected) {
    public Edit {
      Objects.requireNonNull(name);
      Objects.requireNonNull(description);
      Objects.requireNonNull(labels);
      Objects.requireNonNull(deleteProtected);
    }

    public boolean isEmpty() {
      return name.isEmpty()
          && description.isEmpty()
          && labels.isEmpty()
          && deleteProtected.isEmpty();
    }
  }

  /** In-progress and completed snapshots take a place of the quota; failed ones do not. */
  public boolean countsTowardsQuota() {
    return status != SnapshotStatus.FAILED;
  }

  public boolean isInProgress() {
    return status == SnapshotStatus.IN_PROGRESS;
  }

  /** Hands over the events recorded since the last call. */
  public List<SnapshotEvent> pullEvents() {
    List<SnapshotEvent> pulled = List.copyOf(events);
    events.clear();
    return pulled;
  }

  private void requireInProgress(String action) {
    if (status != SnapshotStatus.IN_PROGRESS) {
      throw new IllegalTransitionException(
          "Snapshot " + id.value() + " is " + status.code() + " and cannot " + action + ".");
    }
  }

  public SnapshotId id() {
    return id;
  }

  public AccountId accountId() {
    return accountId;
  }

  public ServerId serverId() {
    return serverId;
  }

  public SnapshotName name() {
    return name;
  }

  public Description description() {
    return description;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public SnapshotStatus status() {
    return status;
  }

  /** What a restore brings back, once completed by a backend that can tell. */
  public Optional<Consistency> consistency() {
    return Optional.ofNullable(consistency);
  }

  public OptionalLong sizeMb() {
    return sizeMb == null ? OptionalLong.empty() : OptionalLong.of(sizeMb);
  }

  public int progress() {
    return progress;
  }

  public Labels labels() {
    return labels;
  }

  /** The schedule that made this snapshot; empty for one made by hand. */
  public Optional<ScheduleId> scheduleId() {
    return Optional.ofNullable(scheduleId);
  }

  /** Who made it: a customer's request, or a schedule. */
  public Trigger trigger() {
    return scheduleId == null ? Trigger.MANUAL : Trigger.SCHEDULE;
  }

  /** Whether a customer's delete is refused until the protection is lifted. */
  public boolean deleteProtected() {
    return deleteProtected;
  }

  public Optional<String> failureReason() {
    return Optional.ofNullable(failureReason);
  }

  /** When the snapshot completed or failed. */
  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }
}
