package org.vps.snapshots.domain;

/** A value that breaks its own rules, reported against the field it came from. */
public final class InvalidValueException extends DomainException {
  private final String field;

  public InvalidValueException(String field, String message) {
    super("invalid", message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
