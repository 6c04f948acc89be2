package org.vps.snapshots.application.port;

/** Hears of failed attempts at long-running work, for operators' metrics. */
public interface WorkMonitor {

  /** Attempt {@code attempt} (from 1) at a piece of work of kind {@code work} failed. */
  void attemptFailed(String work, int attempt, RuntimeException failure);
}
