package org.vps.snapshots.application.work;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.operation.Operation;

/** A customer looks at one of their operations. */
@ApplicationScoped
public class GetOperation {
  private final Operations operations;

  @Inject
  public GetOperation(Operations operations) {
    this.operations = operations;
  }

  public Operation execute(AccountId owner, OperationId id) {
    return operations.findOwned(owner, id).orElseThrow(() -> NotFoundException.operation(id));
  }
}
