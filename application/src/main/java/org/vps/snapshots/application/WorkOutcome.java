package org.vps.snapshots.application;

/** What a report from a worker did: duplicates and late reports change nothing. */
public enum WorkOutcome {
  /** The report moved the snapshot or the server on. */
  APPLIED,
  /** The operation had ended already; the report was a duplicate or came too late. */
  ALREADY_FINISHED,
  /** The snapshot or server no longer exists. */
  GONE
}
