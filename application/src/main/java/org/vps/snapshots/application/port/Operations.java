package org.vps.snapshots.application.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.Operation;

/**
 * Where long-running operations are kept. Lease times are compared with the store's own clock,
 * never a worker's: {@link #now()} is that clock.
 */
public interface Operations {

  /** A fresh id for an operation about to be queued. */
  OperationId nextId();

  void add(Operation operation);

  /** Stores new operations; a store may write them at once. */
  default void addAll(List<Operation> added) {
    added.forEach(this::add);
  }

  /** The operation, locked until the transaction ends. */
  Optional<Operation> lock(OperationId id);

  /** The server an operation works on, read without locking. */
  Optional<ServerId> serverOf(OperationId id);

  void update(Operation operation);

  /**
   * Takes the lock on a server's backend work until the transaction ends: claims and steps of one
   * server's operations happen one after another, also once the server itself is gone.
   */
  void lockServerWork(ServerId server);

  /** Whether an operation of the server other than {@code except} runs under a live lease. */
  boolean othersRunning(ServerId server, OperationId except, Instant now);

  /** The oldest queued operation of a server other than {@code except}, if any. */
  Optional<OperationId> nextQueued(ServerId server, OperationId except);

  /** The server's operations that have not ended, locked until the transaction ends. */
  List<Operation> lockUnendedOf(ServerId server);

  /** Snapshots that an operation not yet ended works on, among {@code snapshots}. */
  Set<SnapshotId> busy(Set<SnapshotId> snapshots);

  /**
   * Operations that may need someone other than their holder, oldest first: running under an
   * expired lease or past the deadline, or queued past the deadline or since before {@code
   * queuedBefore}.
   */
  List<OperationId> needingAttention(Instant now, Instant queuedBefore, int max);

  /** The store's clock. */
  Instant now();

  Optional<Operation> findOwned(AccountId owner, OperationId id);

  /** The owner's operations, newest first, of one server when given. */
  Page<Operation> listOwned(AccountId owner, Optional<ServerId> server, PageRequest page);

  /** The newest snapshot or restore operation of {@code snapshot}, ended or not. */
  Optional<Operation> latestOf(SnapshotId snapshot);
}
