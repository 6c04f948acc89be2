package org.vps.snapshots.application.port;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.Consistency;

/**
 * The virtualization backend that does the long-running work. Calls block until the work is done
 * and throw {@link HypervisorException} when it cannot be, or {@link JobStoppedException} when the
 * job told it to stop. Each call may be repeated for the same snapshot (after a crash or a
 * takeover) and must then give the same result.
 */
public interface Hypervisor {

  /** Copies the server's disk into the snapshot; answers its size and what it holds. */
  Taken takeSnapshot(ServerId server, SnapshotId snapshot, Job job);

  /**
   * Stops the server, overwrites its disk with the snapshot, and starts it again when {@code
   * runningBefore}.
   */
  void restoreSnapshot(ServerId server, SnapshotId snapshot, boolean runningBefore, Job job);

  /** Removes the snapshot's stored data; removing what is not there is no error. */
  void deleteSnapshot(ServerId server, SnapshotId snapshot, Job job);

  /**
   * Every snapshot whose data the backend holds: on its one host, or on each of {@code hosts}
   * (those some server runs on) where it knows many. A host it cannot reach is left out.
   */
  List<Stored> stored(Set<Host> hosts);

  /** Removes files left by interrupted work that were last written before {@code age} ago. */
  int removeLeftovers(Duration age);

  /**
   * A snapshot the backend took: its size in megabytes, and what a restore of it brings back where
   * the backend knows.
   */
  record Taken(long sizeMb, Optional<Consistency> consistency) {
    public Taken {
      Objects.requireNonNull(consistency);
    }

    /** A snapshot of a backend that cannot tell how consistent it is. */
    public static Taken ofSize(long sizeMb) {
      return new Taken(sizeMb, Optional.empty());
    }

    public static Taken of(long sizeMb, Consistency consistency) {
      return new Taken(sizeMb, Optional.of(consistency));
    }
  }

  /** A snapshot's data held by the backend, on {@code host} (null where it has one host). */
  record Stored(ServerId server, SnapshotId snapshot, Host host) {
    /** Data held by a backend of one host. */
    public Stored(ServerId server, SnapshotId snapshot) {
      this(server, snapshot, null);
    }
  }

  /**
   * The operation a call works for. Every step that changes a disk asks {@link #beforeChange()}
   * first; long steps poll {@link #mustStop(boolean)} and kill what they run when it says so.
   */
  interface Job {
    /** Work nobody supervises (set-up, inventory): it never stops, its progress goes nowhere. */
    Job UNSUPERVISED =
        new Job() {
          @Override
          public void progress(int percent) {}

          @Override
          public void beforeChange() {}

          @Override
          public boolean mustStop(boolean interruptible) {
            return false;
          }
        };

    /**
     * Where the work is done: the host its server ran on when the operation was asked for; empty
     * where the backend has one host, and for work nobody supervises.
     */
    default Optional<Host> host() {
      return Optional.empty();
    }

    /**
     * Where the work has got to, from 0 to 100; throws {@link JobStoppedException} once the job
     * lost its operation.
     */
    void progress(int percent);

    /**
     * Confirms that the job still holds its operation and nobody asked it to stop; throws {@link
     * JobStoppedException} otherwise. Called right before every step that changes a disk.
     */
    void beforeChange();

    /**
     * Whether the running step must be given up now. A step that cannot be cut off safely (a disk
     * being overwritten) passes {@code interruptible = false} and is then stopped only once the job
     * lost its operation to another worker.
     */
    boolean mustStop(boolean interruptible);
  }
}
