package org.vps.snapshots.application.port;

import org.vps.snapshots.domain.InvalidValueException;

/** Which page of a listing, counted from 1, and how many items a page holds (1 to 100). */
public record PageRequest(int page, int size) {
  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 100;

  /** The last page anyone may ask for: the offset then stays far within what a query takes. */
  public static final int MAX_PAGE = 1_000_000;

  public PageRequest {
    if (page < 1 || page > MAX_PAGE) {
      throw new InvalidValueException(
          "page", "Ensure this value is an integer between 1 and " + MAX_PAGE + ".");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new InvalidValueException(
          "size", "Ensure this value is between 1 and " + MAX_SIZE + ".");
    }
  }

  public long offset() {
    return (long) (page - 1) * size;
  }

  public boolean hasNext(long total) {
    return offset() + size < total;
  }
}
