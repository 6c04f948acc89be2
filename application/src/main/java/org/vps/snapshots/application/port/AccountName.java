package org.vps.snapshots.application.port;

import org.vps.snapshots.domain.Text;

/** An account's name as the platform gives it. */
public record AccountName(String value) {
  public static final int MAX_LENGTH = 255;

  public AccountName {
    Text.requireFilled("name", value, MAX_LENGTH);
  }
}
