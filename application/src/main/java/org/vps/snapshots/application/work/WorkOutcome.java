package org.vps.snapshots.application.work;

/** What a worker did with one work record. */
public enum WorkOutcome {
  /** It ran the operation to an end: succeeded, failed or cancelled. */
  ENDED,
  /** It gave the operation back unfinished for another worker (this node shuts down). */
  RELEASED,
  /** Nothing: the operation had ended, another worker holds it, or its server is busy. */
  SKIPPED,
  /** It lost the operation to another worker midway and left it. */
  FENCED
}
