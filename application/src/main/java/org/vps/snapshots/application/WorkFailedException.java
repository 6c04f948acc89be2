package org.vps.snapshots.application;

/** Work that failed on every attempt; the message it came from goes to the dead letters. */
public class WorkFailedException extends RuntimeException {
  public WorkFailedException(String message, Throwable lastFailure) {
    super(message, lastFailure);
  }
}
