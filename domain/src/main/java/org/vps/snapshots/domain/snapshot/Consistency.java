package org.vps.snapshots.domain.snapshot;

import java.util.Arrays;
import java.util.Optional;

/** What a restore of the snapshot brings back, as the backend that took it knows. */
public enum Consistency {
  /** The disks and the memory together: the server resumes where it was. */
  MEMORY("memory"),
  /** The disks with the guest's file systems frozen by its agent while they were taken. */
  QUIESCED("quiesced"),
  /** The disks of a running server at one instant, as after a power cut: not quiesced. */
  CRASH_CONSISTENT("crash_consistent"),
  /** The disks of a server that was stopped. */
  POWERED_OFF("powered_off");

  private final String code;

  Consistency(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Consistency> fromCode(String code) {
    return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
  }
}
