package org.vps.snapshots.application.work;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.operation.Operation;

/** A customer lists their operations, newest first, of one server when asked. */
@ApplicationScoped
public class ListOperations {
  private final Operations operations;

  @Inject
  public ListOperations(Operations operations) {
    this.operations = operations;
  }

  public Page<Operation> execute(AccountId owner, Optional<ServerId> server, PageRequest page) {
    return operations.listOwned(owner, server, page);
  }
}
