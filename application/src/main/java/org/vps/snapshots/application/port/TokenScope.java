package org.vps.snapshots.application.port;

import java.util.Arrays;
import java.util.Optional;

/** What a token may do: read only, or read and write. */
public enum TokenScope {
  READ("read"),
  WRITE("write");

  private final String code;

  TokenScope(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<TokenScope> fromCode(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }
}
