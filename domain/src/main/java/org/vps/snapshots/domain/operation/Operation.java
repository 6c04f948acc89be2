package org.vps.snapshots.domain.operation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.IllegalTransitionException;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.Text;

/**
 * One long-running job (a snapshot, a restore or a purge) and the only judge of who may act on it.
 * A worker holds it through a lease: an owner, an expiry and a fencing number that grows with every
 * change of holder. Only the holder of a live lease reports, renews or starts a step; only the
 * holder whose fencing number is current ends it. Anyone else may only ask it to stop, or, once the
 * lease has expired, take it away, which bumps the fencing number so that a late holder is refused.
 */
public final class Operation {
  /** Progress stays below this until the operation succeeds. */
  static final int LAST_PROGRESS_BEFORE_DONE = 99;

  /** Why a restore whose writer vanished mid-write can no longer say what is on the disk. */
  public static final String DISK_STATE_UNKNOWN =
      "The restore was interrupted while it wrote the disk; the disk's state is unknown and the"
          + " server needs to be checked.";

  /** What someone other than the holder asked of a running operation. */
  public enum StopRequest {
    /** The deadline passed: the holder ends it as failed. */
    DEADLINE("deadline"),
    /** Its server is gone: the holder ends it as cancelled. */
    CANCEL("cancel");

    private final String code;

    StopRequest(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    public static Optional<StopRequest> fromCode(String code) {
      for (StopRequest request : values()) {
        if (request.code.equals(code)) {
          return Optional.of(request);
        }
      }
      return Optional.empty();
    }
  }

  /** What a worker's claim found. */
  public enum Claim {
    /** The worker now holds the operation. */
    CLAIMED,
    /** The operation has ended: nothing to do. */
    ENDED,
    /** Another worker holds a live lease on it. */
    HELD,
    /** Every attempt was used up: it ended as failed here. */
    EXHAUSTED
  }

  /** What became of a running operation whose holder's lease expired. */
  public enum Takeover {
    /** Back in the queue for another worker. */
    REQUEUED,
    /** Ended as failed: past its deadline. */
    FAILED,
    /** Ended as cancelled, as its holder had been asked. */
    CANCELLED,
    /** Ended as failed while a restore wrote the disk: the disk's state is unknown. */
    DISK_STATE_UNKNOWN
  }

  private final OperationId id;
  private final OperationKind kind;
  private final AccountId accountId;
  private final ServerId serverId;
  private final Host host;
  private final SnapshotId snapshotId;
  private final Instant createdAt;
  private final Instant deadline;
  private OperationState state;
  private int attempt;
  private int progress;
  private String error;
  private Instant queuedAt;
  private Instant startedAt;
  private Instant finishedAt;
  private String leaseOwner;
  private Instant leaseExpiresAt;
  private long fence;
  private StopRequest stopRequest;
  private boolean diskWritten;

  private Operation(Stored stored) {
    this.id = Objects.requireNonNull(stored.id());
    this.kind = Objects.requireNonNull(stored.kind());
    this.accountId = stored.accountId();
    this.serverId = Objects.requireNonNull(stored.serverId());
    this.host = stored.host();
    this.snapshotId = Objects.requireNonNull(stored.snapshotId());
    this.createdAt = Objects.requireNonNull(stored.createdAt());
    this.deadline = Objects.requireNonNull(stored.deadline());
    this.state = Objects.requireNonNull(stored.state());
    this.attempt = stored.attempt();
    this.progress = stored.progress();
    this.error = stored.error();
    this.queuedAt = stored.queuedAt();
    this.startedAt = stored.startedAt();
    this.finishedAt = stored.finishedAt();
    this.leaseOwner = stored.leaseOwner();
    this.leaseExpiresAt = stored.leaseExpiresAt();
    this.fence = stored.fence();
    this.stopRequest = stored.stopRequest();
    this.diskWritten = stored.diskWritten();
  }

  /**
   * A new operation waiting for a worker; {@code accountId} is null for work the service gives
   * itself, such as removing data no snapshot owns. It works on {@code host}, where the server ran
   * when it was asked for (null where the backend has one host).
   */
  public static Operation queue(
      OperationId id,
      OperationKind kind,
      AccountId accountId,
      ServerId serverId,
      Host host,
      SnapshotId snapshotId,
      Instant now,
      Duration allowed) {
    return new Operation(
        new Stored(
            id,
            kind,
            accountId,
            serverId,
            snapshotId,
            now,
            now.plus(allowed),
            OperationState.QUEUED,
            0,
            0,
            null,
            now,
            null,
            null,
            null,
            null,
            0,
            null,
            false,
            host));
  }

  /** Rebuilds an operation as it was stored. */
  public static Operation fromStorage(Stored stored) {
    return new Operation(stored);
  }

  /**
   * A worker takes a queued operation. A running one stays with its holder; once that holder's
   * lease expired, only {@link #takeOver} puts it back in the queue.
   */
  public Claim claim(String owner, Instant now, Duration leaseTime, int maxAttempts) {
    if (state.isEnded()) {
      return Claim.ENDED;
    }
    if (state == OperationState.RUNNING) {
      return Claim.HELD;
    }
    if (attempt >= maxAttempts) {
      end(
          OperationState.FAILED,
          "The work was given up after " + attempt + " attempts that did not finish.",
          now);
      return Claim.EXHAUSTED;
    }
    state = OperationState.RUNNING;
    fence++;
    leaseOwner = Objects.requireNonNull(owner);
    leaseExpiresAt = now.plus(leaseTime);
    if (startedAt == null) {
      startedAt = now;
    }
    return Claim.CLAIMED;
  }

  /** The holder keeps its lease; answers what it was asked meanwhile, if anything. */
  public Optional<StopRequest> renew(long holderFence, Instant now, Duration leaseTime) {
    requireHolder(holderFence, now);
    leaseExpiresAt = now.plus(leaseTime);
    return Optional.ofNullable(stopRequest);
  }

  /**
   * The holder begins another try at the work; answers a stop request instead when there is one.
   */
  public Optional<StopRequest> startAttempt(long holderFence, Instant now, Duration leaseTime) {
    Optional<StopRequest> asked = renew(holderFence, now, leaseTime);
    if (asked.isEmpty()) {
      attempt++;
    }
    return asked;
  }

  /**
   * The holder is about to change a disk: allowed only under a live lease and when nobody asked it
   * to stop (answered instead). A restore's disk counts as written from here on.
   */
  public Optional<StopRequest> startStep(long holderFence, Instant now, Duration leaseTime) {
    Optional<StopRequest> asked = renew(holderFence, now, leaseTime);
    if (asked.isEmpty() && kind == OperationKind.RESTORE) {
      diskWritten = true;
    }
    return asked;
  }

  /**
   * The holder tells how far it got. Progress only moves forward and stays below 100 until the
   * operation succeeds; answers whether it moved.
   */
  public boolean reportProgress(long holderFence, int percent, Instant now) {
    requireHolder(holderFence, now);
    int bounded = Math.max(0, Math.min(LAST_PROGRESS_BEFORE_DONE, percent));
    if (bounded <= progress) {
      return false;
    }
    progress = bounded;
    return true;
  }

  public void succeed(long holderFence, Instant now) {
    requireCurrent(holderFence);
    progress = 100;
    end(OperationState.SUCCEEDED, null, now);
  }

  public void fail(long holderFence, String reason, Instant now) {
    requireCurrent(holderFence);
    end(OperationState.FAILED, reason, now);
  }

  /** The holder stops because it was asked to: as failed past the deadline, else as cancelled. */
  public void stopAsAsked(long holderFence, String deadlineReason, Instant now) {
    requireCurrent(holderFence);
    if (stopRequest == StopRequest.CANCEL) {
      end(OperationState.CANCELLED, "The server was removed.", now);
    } else {
      end(OperationState.FAILED, deadlineReason, now);
    }
  }

  /**
   * The holder gives the operation back unfinished (it is shutting down); another worker goes on.
   */
  public void release(long holderFence, Instant now) {
    requireCurrent(holderFence);
    state = OperationState.QUEUED;
    attempt = Math.max(0, attempt - 1);
    queuedAt = now;
    clearLease();
  }

  /**
   * Asks a running operation to stop at its holder's next safe point; a queued one has no holder
   * and ends at once. Answers whether the operation ended here.
   */
  public boolean askToStop(StopRequest request, String deadlineReason, Instant now) {
    if (state == OperationState.QUEUED) {
      if (request == StopRequest.CANCEL) {
        end(OperationState.CANCELLED, "The server was removed.", now);
      } else {
        end(OperationState.FAILED, deadlineReason, now);
      }
      return true;
    }
    if (state == OperationState.RUNNING && stopRequest != StopRequest.CANCEL) {
      stopRequest = request;
    }
    return false;
  }

  /**
   * Takes a running operation away from a holder whose lease expired (gone, or stalled past the
   * lease time). The fencing number grows, so that holder can no longer report, renew or end it.
   */
  public Takeover takeOver(Instant now, String deadlineReason) {
    if (state != OperationState.RUNNING || leaseLive(now)) {
      throw new IllegalTransitionException(
          "Operation " + id.value() + " is not held by an expired lease.");
    }
    fence++;
    clearLease();
    if (kind == OperationKind.RESTORE && diskWritten) {
      end(OperationState.FAILED, DISK_STATE_UNKNOWN, now);
      return Takeover.DISK_STATE_UNKNOWN;
    }
    if (stopRequest == StopRequest.CANCEL) {
      end(OperationState.CANCELLED, "The server was removed.", now);
      return Takeover.CANCELLED;
    }
    if (isOverdue(now)) {
      end(OperationState.FAILED, deadlineReason, now);
      return Takeover.FAILED;
    }
    state = OperationState.QUEUED;
    queuedAt = now;
    return Takeover.REQUEUED;
  }

  /** Whether a queued operation waited so long for a worker that its doorbell should ring again. */
  public boolean waitsLongerThan(Duration patience, Instant now) {
    return state == OperationState.QUEUED && queuedAt.plus(patience).isBefore(now);
  }

  /** Its doorbell rang again. */
  public void requeued(Instant now) {
    if (state == OperationState.QUEUED) {
      queuedAt = now;
    }
  }

  public boolean isOverdue(Instant now) {
    return now.isAfter(deadline);
  }

  public boolean leaseLive(Instant now) {
    return leaseExpiresAt != null && leaseExpiresAt.isAfter(now);
  }

  public boolean isEnded() {
    return state.isEnded();
  }

  private void end(OperationState end, String reason, Instant now) {
    state = end;
    error = reason == null ? null : Text.failureReason(reason);
    finishedAt = now;
    stopRequest = null;
    clearLease();
  }

  private void clearLease() {
    leaseOwner = null;
    leaseExpiresAt = null;
  }

  private void requireCurrent(long holderFence) {
    if (state != OperationState.RUNNING) {
      throw new LeaseLostException(id, "it is " + state.code());
    }
    if (holderFence != fence) {
      throw new LeaseLostException(id, "another worker took it over");
    }
  }

  private void requireHolder(long holderFence, Instant now) {
    requireCurrent(holderFence);
    if (!leaseLive(now)) {
      throw new LeaseLostException(id, "its lease expired");
    }
  }

  public OperationId id() {
    return id;
  }

  public OperationKind kind() {
    return kind;
  }

  /** Whose operation it is; empty for work the service gave itself. */
  public Optional<AccountId> accountId() {
    return Optional.ofNullable(accountId);
  }

  public ServerId serverId() {
    return serverId;
  }

  public SnapshotId snapshotId() {
    return snapshotId;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant deadline() {
    return deadline;
  }

  public OperationState state() {
    return state;
  }

  public int attempt() {
    return attempt;
  }

  public int progress() {
    return progress;
  }

  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  public Instant queuedAt() {
    return queuedAt;
  }

  public Optional<Instant> startedAt() {
    return Optional.ofNullable(startedAt);
  }

  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(finishedAt);
  }

  public Optional<String> leaseOwner() {
    return Optional.ofNullable(leaseOwner);
  }

  public Optional<Instant> leaseExpiresAt() {
    return Optional.ofNullable(leaseExpiresAt);
  }

  /** The fencing number: it grows each time the operation changes hands. */
  public long fence() {
    return fence;
  }

  public Optional<StopRequest> stopRequest() {
    return Optional.ofNullable(stopRequest);
  }

  /** The host the work is done on; empty where the backend has one host. */
  public Optional<Host> host() {
    return Optional.ofNullable(host);
  }

  /** Whether a restore began to write the disk. */
  public boolean diskWritten() {
    return diskWritten;
  }

  /** Every stored field of an operation, for storage adapters. */
  public record Stored(
      OperationId id,
      OperationKind kind,
      AccountId accountId,
      ServerId serverId,
      SnapshotId snapshotId,
      Instant createdAt,
      Instant deadline,
      OperationState state,
      int attempt,
      int progress,
      String error,
      Instant queuedAt,
      Instant startedAt,
      Instant finishedAt,
      String leaseOwner,
      Instant leaseExpiresAt,
      long fence,
      StopRequest stopRequest,
      boolean diskWritten,
      Host host) {}

  /** This operation's stored form. */
  public Stored stored() {
    return new Stored(
        id,
        kind,
        accountId,
        serverId,
        snapshotId,
        createdAt,
        deadline,
        state,
        attempt,
        progress,
        error,
        queuedAt,
        startedAt,
        finishedAt,
        leaseOwner,
        leaseExpiresAt,
        fence,
        stopRequest,
        diskWritten,
        host);
  }
}
