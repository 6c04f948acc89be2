package org.vps.snapshots.domain.snapshot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.IllegalTransitionException;
import org.vps.snapshots.domain.InvalidValueException;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.RandomIds;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.Text;
import org.vps.snapshots.domain.event.RestoreCompleted;
import org.vps.snapshots.domain.event.RestoreFailed;
import org.vps.snapshots.domain.event.RestoreStarted;
import org.vps.snapshots.domain.event.SnapshotDeleted;
import org.vps.snapshots.domain.event.SnapshotEvent;

/**
 * A customer's server as far as snapshots are concerned. It guards the rules that span its
 * snapshots: the quota, unique names, one long-running operation at a time, and the restore cycle
 * that returns it to the power state it had before.
 */
public final class Server {
  private final ServerId id;
  private final AccountId accountId;
  private ServerName name;
  private ServerStatus status;
  private Host host;
  private ServerStatus powerStateBeforeRestore;
  private SnapshotId restoringFrom;
  private Instant restoreStartedAt;
  private final List<SnapshotEvent> events = new ArrayList<>();

  private Server(
      ServerId id,
      AccountId accountId,
      ServerName name,
      ServerStatus status,
      Host host,
      ServerStatus powerStateBeforeRestore,
      SnapshotId restoringFrom,
      Instant restoreStartedAt) {
    this.id = Objects.requireNonNull(id);
    this.accountId = Objects.requireNonNull(accountId);
    this.name = Objects.requireNonNull(name);
    this.status = Objects.requireNonNull(status);
    this.host = host;
    this.powerStateBeforeRestore = powerStateBeforeRestore;
    this.restoringFrom = restoringFrom;
    this.restoreStartedAt = restoreStartedAt;
  }

  /** A server the platform provisioned; only this service puts a server into restoring. */
  public static Server register(
      ServerId id, AccountId accountId, ServerName name, ServerStatus status) {
    requireSettableByPlatform(status);
    return new Server(id, accountId, name, status, null, null, null, null);
  }

  /**
   * Rebuilds a server as it was stored ({@code host} null when none is known); records no event.
   */
  public static Server fromStorage(
      ServerId id,
      AccountId accountId,
      ServerName name,
      ServerStatus status,
      Host host,
      ServerStatus powerStateBeforeRestore,
      SnapshotId restoringFrom,
      Instant restoreStartedAt) {
    return new Server(
        id,
        accountId,
        name,
        status,
        host,
        powerStateBeforeRestore,
        restoringFrom,
        restoreStartedAt);
  }

  /** Starts a snapshot of this server; the new snapshot records {@code SnapshotCreated}. */
  public Snapshot takeSnapshot(
      SnapshotId newId,
      OperationId operation,
      SnapshotName snapshotName,
      Description description,
      Labels labels,
      ServerSnapshots existing,
      SnapshotQuota quota,
      Clock clock) {
    requireReadyForSnapshot(snapshotName, existing, quota);
    return Snapshot.start(newId, operation, this, snapshotName, description, labels, null, clock);
  }

  /**
   * Starts a snapshot for schedule {@code schedule}, under the same rules as a customer's; the
   * caller rotated older ones away first where the quota asked for it.
   */
  public Snapshot takeScheduledSnapshot(
      SnapshotId newId,
      OperationId operation,
      SnapshotName snapshotName,
      Labels labels,
      ScheduleId schedule,
      ServerSnapshots existing,
      SnapshotQuota quota,
      Clock clock) {
    requireReadyForSnapshot(snapshotName, existing, quota);
    return Snapshot.start(
        newId,
        operation,
        this,
        snapshotName,
        new Description("Taken by schedule " + schedule.value() + "."),
        labels,
        schedule,
        clock);
  }

  /**
   * Refuses a snapshot named {@code snapshotName} now: an operation runs, the power state does not
   * allow it, the name is taken or the quota is full.
   */
  public void requireReadyForSnapshot(
      SnapshotName snapshotName, ServerSnapshots existing, SnapshotQuota quota) {
    requireNoOperationRunning(existing);
    requirePowerState();
    if (existing.hasName(snapshotName)) {
      throw RuleViolationException.duplicateName(id, snapshotName);
    }
    if (existing.countingTowardsQuota() >= quota.limit()) {
      throw RuleViolationException.limitReached(id, quota);
    }
  }

  /**
   * Schedule {@code schedule} rotates away one of the snapshots it made; purge {@code operation}
   * removes its data.
   */
  public void rotateSnapshot(
      Snapshot snapshot, OperationId operation, ScheduleId schedule, Clock clock) {
    if (!snapshot.scheduleId().filter(schedule::equals).isPresent()
        || snapshot.deleteProtected()
        || snapshot.status() != SnapshotStatus.COMPLETED
        || snapshot.id().equals(restoringFrom)) {
      throw new IllegalTransitionException(
          "Schedule "
              + schedule.value()
              + " may not rotate snapshot "
              + snapshot.id().value()
              + ".");
    }
    events.add(deleted(snapshot, operation, clock.instant(), schedule));
  }

  /** Puts the server into restoring from a completed snapshot of its own. */
  public void startRestore(
      SnapshotId snapshotId, OperationId operation, ServerSnapshots existing, Clock clock) {
    Snapshot snapshot =
        existing.find(snapshotId).orElseThrow(() -> NotFoundException.snapshot(snapshotId));
    requireNoOperationRunning(existing);
    requirePowerState();
    if (snapshot.status() != SnapshotStatus.COMPLETED) {
      throw RuleViolationException.snapshotNotReady(snapshot);
    }
    Instant now = clock.instant();
    powerStateBeforeRestore = status;
    status = ServerStatus.RESTORING;
    restoringFrom = snapshotId;
    restoreStartedAt = now;
    events.add(
        new RestoreStarted(
            RandomIds.uuid(),
            now,
            accountId,
            id,
            snapshotId,
            operation,
            snapshot.name().value(),
            powerStateBeforeRestore.value()));
  }

  /** Restore {@code operation} finished: the server returns to the power state it had before. */
  public void completeRestore(OperationId operation, Clock clock) {
    SnapshotId from = requireRestoring("complete a restore");
    ServerStatus back = endRestore(powerStateBefore());
    events.add(
        new RestoreCompleted(
            RandomIds.uuid(), clock.instant(), accountId, id, from, operation, back.value()));
  }

  /**
   * Restore {@code operation} ended without touching the disk: the server returns to its power
   * state, with the reason told.
   */
  public void failRestore(OperationId operation, String reason, Clock clock) {
    endRestoreInFailure(operation, reason, powerStateBefore(), clock);
  }

  /**
   * Restore {@code operation} was cut off while it wrote the disk: nobody can tell what the disk
   * holds, so the server is not silently returned to a power state; it stays {@code unknown} until
   * the platform says otherwise.
   */
  public void abandonRestore(OperationId operation, String reason, Clock clock) {
    endRestoreInFailure(operation, reason, ServerStatus.UNKNOWN, clock);
  }

  private void endRestoreInFailure(
      OperationId operation, String reason, ServerStatus next, Clock clock) {
    SnapshotId from = requireRestoring("fail a restore");
    ServerStatus back = endRestore(next);
    events.add(
        new RestoreFailed(
            RandomIds.uuid(),
            clock.instant(),
            accountId,
            id,
            from,
            operation,
            Text.failureReason(reason),
            back.value()));
  }

  /**
   * Deletes one of this server's snapshots unless it is being created or read by a restore; purge
   * {@code operation} removes its data.
   */
  public void deleteSnapshot(
      SnapshotId snapshotId, OperationId operation, ServerSnapshots existing, Clock clock) {
    Snapshot snapshot =
        existing.find(snapshotId).orElseThrow(() -> NotFoundException.snapshot(snapshotId));
    if (snapshot.deleteProtected()) {
      throw RuleViolationException.snapshotProtected(snapshotId);
    }
    if (snapshot.isInProgress()) {
      throw StateConflictException.snapshotBusy(snapshotId, "is still being created");
    }
    if (snapshotId.equals(restoringFrom)) {
      throw StateConflictException.snapshotBusy(snapshotId, "is being read by a running restore");
    }
    events.add(deleted(snapshot, operation, clock.instant()));
  }

  /**
   * The platform removed this server: every snapshot of it goes too, each with its deletion told,
   * so that their stored data is removed, each by a purge operation of its own.
   */
  public void decommission(
      ServerSnapshots existing, Supplier<OperationId> purgeOperations, Clock clock) {
    Instant now = clock.instant();
    existing.all().forEach(snapshot -> events.add(deleted(snapshot, purgeOperations.get(), now)));
  }

  public void rename(ServerName newName) {
    this.name = Objects.requireNonNull(newName);
  }

  /**
   * The platform runs the server on {@code newHost} from now on. Work already queued stays with the
   * host it was queued for, and snapshots stay where they were taken.
   */
  public void moveTo(Host newHost) {
    this.host = Objects.requireNonNull(newHost);
  }

  /** The platform reports a new state; while a restore runs, only this service moves the server. */
  public void changeStatus(ServerStatus newStatus) {
    requireSettableByPlatform(newStatus);
    if (restoringFrom != null) {
      throw StateConflictException.restoreInProgress(id, restoringFrom);
    }
    this.status = newStatus;
  }

  /** Hands over the events recorded since the last call. */
  public List<SnapshotEvent> pullEvents() {
    List<SnapshotEvent> pulled = List.copyOf(events);
    events.clear();
    return pulled;
  }

  private SnapshotDeleted deleted(Snapshot snapshot, OperationId operation, Instant now) {
    return deleted(snapshot, operation, now, null);
  }

  private SnapshotDeleted deleted(
      Snapshot snapshot, OperationId operation, Instant now, ScheduleId rotatedBy) {
    return new SnapshotDeleted(
        RandomIds.uuid(),
        now,
        accountId,
        id,
        snapshot.id(),
        operation,
        snapshot.name().value(),
        snapshot.status().code(),
        rotatedBy,
        snapshot.trigger().code());
  }

  private void requireNoOperationRunning(ServerSnapshots existing) {
    if (restoringFrom != null) {
      throw StateConflictException.restoreInProgress(id, restoringFrom);
    }
    Optional<Snapshot> running = existing.inProgress();
    if (running.isPresent()) {
      throw StateConflictException.snapshotInProgress(id, running.get().id());
    }
  }

  private void requirePowerState() {
    if (!status.isPowerState()) {
      throw RuleViolationException.invalidServerState(id, status);
    }
  }

  private SnapshotId requireRestoring(String action) {
    if (restoringFrom == null) {
      throw new IllegalTransitionException(
          "Server " + id.value() + " is not being restored and cannot " + action + ".");
    }
    return restoringFrom;
  }

  private ServerStatus powerStateBefore() {
    return powerStateBeforeRestore == null ? ServerStatus.STOPPED : powerStateBeforeRestore;
  }

  private ServerStatus endRestore(ServerStatus back) {
    status = back;
    powerStateBeforeRestore = null;
    restoringFrom = null;
    restoreStartedAt = null;
    return back;
  }

  private static void requireSettableByPlatform(ServerStatus status) {
    if (ServerStatus.RESTORING.equals(status)) {
      throw new InvalidValueException("status", "Only a restore puts a server into restoring.");
    }
  }

  public ServerId id() {
    return id;
  }

  public AccountId accountId() {
    return accountId;
  }

  public ServerName name() {
    return name;
  }

  public ServerStatus status() {
    return status;
  }

  /** The host the server runs on; empty where the backend has one host only. */
  public Optional<Host> host() {
    return Optional.ofNullable(host);
  }

  public Optional<ServerStatus> powerStateBeforeRestore() {
    return Optional.ofNullable(powerStateBeforeRestore);
  }

  public Optional<SnapshotId> restoringFrom() {
    return Optional.ofNullable(restoringFrom);
  }

  public Optional<Instant> restoreStartedAt() {
    return Optional.ofNullable(restoreStartedAt);
  }
}
