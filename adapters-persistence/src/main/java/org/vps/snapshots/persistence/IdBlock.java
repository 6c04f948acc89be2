package org.vps.snapshots.persistence;

import jakarta.persistence.EntityManager;

/**
 * Ids from a PostgreSQL sequence that steps by {@link #SIZE}: one {@code nextval} gives this node
 * the next {@code SIZE} ids, so that most new rows need no round trip for their id. Ids stay unique
 * across nodes; they are not in the order of creation across nodes.
 */
final class IdBlock {
  static final int SIZE = 50;

  private final String sequence;
  private long next;
  private long end;

  IdBlock(String sequence) {
    this.sequence = sequence;
  }

  synchronized long next(EntityManager entityManager) {
    if (next == end) {
      Number start =
          (Number)
              entityManager
                  .createNativeQuery("select nextval('" + sequence + "')")
                  .getSingleResult();
      next = start.longValue();
      end = next + SIZE;
    }
    return next++;
  }
}
