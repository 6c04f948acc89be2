package org.vps.snapshots.domain;

/** Something that does not exist, or that belongs to another account: both look the same. */
public final class NotFoundException extends DomainException {
  private NotFoundException(String message) {
    super("not_found", message);
  }

  public static NotFoundException server(ServerId id) {
    return new NotFoundException("Server " + id.value() + " does not exist.");
  }

  public static NotFoundException snapshot(SnapshotId id) {
    return new NotFoundException("Snapshot " + id.value() + " does not exist.");
  }

  public static NotFoundException operation(OperationId id) {
    return new NotFoundException("Operation " + id.value() + " does not exist.");
  }

  public static NotFoundException account(AccountId id) {
    return new NotFoundException("Account " + id.value() + " does not exist.");
  }

  public static NotFoundException token(long id) {
    return new NotFoundException("Token " + id + " does not exist.");
  }

  public static NotFoundException webhook(long id) {
    return new NotFoundException("Webhook endpoint " + id + " does not exist.");
  }

  public static NotFoundException schedule(ScheduleId id) {
    return new NotFoundException("Schedule " + id.value() + " does not exist.");
  }

  public static NotFoundException delivery(long id) {
    return new NotFoundException("Delivery " + id + " does not exist.");
  }
}
