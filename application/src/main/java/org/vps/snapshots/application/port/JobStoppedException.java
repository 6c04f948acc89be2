package org.vps.snapshots.application.port;

/**
 * The job must stop where it is: its lease was lost, someone asked it to stop, or the node shuts
 * down. Not a failure of the backend, so it is never retried.
 */
public class JobStoppedException extends RuntimeException {
  public JobStoppedException(String why) {
    super(why, null, false, false);
  }
}
