package org.vps.snapshots.domain.operation;

import org.vps.snapshots.domain.DomainException;
import org.vps.snapshots.domain.OperationId;

/**
 * A worker acted on an operation it no longer holds: another worker took it over, or it was ended
 * without it. Whatever the worker wanted to do is refused.
 */
public final class LeaseLostException extends DomainException {
  public LeaseLostException(OperationId id, String why) {
    super("lease_lost", "Operation " + id.value() + " is no longer held by this worker: " + why);
  }
}
