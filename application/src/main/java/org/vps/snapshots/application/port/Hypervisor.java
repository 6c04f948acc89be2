package org.vps.snapshots.application.port;

import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * The virtualization backend that does the long-running work. Calls block until the work is done
 * and throw {@link HypervisorException} when it cannot be; each call may be repeated for the same
 * snapshot (after a crash or a redelivery) and must then give the same result.
 */
public interface Hypervisor {

  /** Copies the server's disk into the snapshot; answers the snapshot's size in megabytes. */
  long takeSnapshot(ServerId server, SnapshotId snapshot, Progress progress);

  /** Stops the server and overwrites its disk with the snapshot. */
  void restoreSnapshot(ServerId server, SnapshotId snapshot, Progress progress);

  /** Removes the snapshot's stored data; removing what is not there is no error. */
  void deleteSnapshot(ServerId server, SnapshotId snapshot);

  /** Where the work has got to, from 0 to 100. */
  interface Progress {
    void report(int percent);
  }
}
