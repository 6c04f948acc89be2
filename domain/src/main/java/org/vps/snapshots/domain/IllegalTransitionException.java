package org.vps.snapshots.domain;

/** A state change asked of an aggregate that is not in a state to take it. */
public final class IllegalTransitionException extends DomainException {
  public IllegalTransitionException(String message) {
    super("illegal_transition", message);
  }
}
