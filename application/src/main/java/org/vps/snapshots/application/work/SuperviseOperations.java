package org.vps.snapshots.application.work;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.vps.snapshots.domain.OperationId;

/**
 * Looks after the operations their holders cannot: takes them from expired leases, asks running
 * ones past their deadline to stop, ends queued ones past it, and rings again for queued ones
 * nobody took. Safe on several replicas at once: each operation is looked at under its locks.
 */
@ApplicationScoped
public class SuperviseOperations {
  static final int BATCH = 100;

  private final OperationSteps steps;

  @Inject
  public SuperviseOperations(OperationSteps steps) {
    this.steps = steps;
  }

  /** Answers how many operations it ended. */
  public int execute() {
    int ended = 0;
    for (OperationId id : steps.needingAttention(BATCH)) {
      if (steps.attend(id)) {
        ended++;
      }
    }
    return ended;
  }
}
