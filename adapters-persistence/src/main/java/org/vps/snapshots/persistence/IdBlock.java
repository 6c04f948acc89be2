package org.vps.snapshots.persistence;

import jakarta.persistence.EntityManager;
import java.util.function.LongSupplier;

/**
 * Ids from a PostgreSQL sequence that steps by {@link #SIZE}: one {@code nextval} gives this node
 * the next {@code SIZE} ids, so that most new rows need no round trip for their id. Ids stay unique
 * across nodes; they are not in the order of creation across nodes, and not dense.
 *
 * <p>The thread that finds the block used up fetches the next one itself, outside the lock: the
 * others go on drawing from whatever block is there, or fetch their own, and never wait for another
 * thread's round trip (which, on a busy database, held every create of the node for tens of
 * milliseconds every {@code SIZE} ids). Two threads that fetch at once each get a block; the one
 * that comes back second keeps the first id of its block and leaves the rest unused.
 */
final class IdBlock {
  static final int SIZE = 50;

  private final String sequence;
  private long next;
  private long end;

  IdBlock(String sequence) {
    this.sequence = sequence;
  }

  long next(EntityManager entityManager) {
    return next(
        () ->
            ((Number)
                    entityManager
                        .createNativeQuery("select nextval('" + sequence + "')")
                        .getSingleResult())
                .longValue());
  }

  /** The next id; {@code blockStart} gives the first id of a fresh block of {@code SIZE}. */
  long next(LongSupplier blockStart) {
    synchronized (this) {
      if (next < end) {
        return next++;
      }
    }
    long start = blockStart.getAsLong();
    synchronized (this) {
      if (next == end) {
        next = start + 1;
        end = start + SIZE;
      }
      return start;
    }
  }
}
