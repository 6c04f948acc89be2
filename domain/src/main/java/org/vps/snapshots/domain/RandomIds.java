package org.vps.snapshots.domain;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs for what only needs to be unique: event ids, request ids. They come from
 * the thread's own generator, where {@link UUID#randomUUID()} takes one lock for the whole process
 * and reads the kernel's random source under it; no secret is ever made this way.
 */
public final class RandomIds {
  private RandomIds() {}

  public static UUID uuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low);
  }
}
