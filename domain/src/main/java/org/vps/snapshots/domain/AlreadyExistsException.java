package org.vps.snapshots.domain;

/** An identity the caller chose that is taken already. */
public final class AlreadyExistsException extends DomainException {
  public AlreadyExistsException(String message) {
    super("already_exists", message);
  }

  public static AlreadyExistsException server(ServerId id) {
    return new AlreadyExistsException("Server " + id.value() + " exists already.");
  }
}
