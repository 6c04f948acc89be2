package org.vps.snapshots.application.port;

/** The backend could not do the work; the message says why, in words fit for the customer. */
public class HypervisorException extends RuntimeException {
  public HypervisorException(String reason) {
    super(reason);
  }

  public HypervisorException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
