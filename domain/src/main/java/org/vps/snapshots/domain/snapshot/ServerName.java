package org.vps.snapshots.domain.snapshot;

import org.vps.snapshots.domain.InvalidValueException;
import org.vps.snapshots.domain.Text;

/** A server's display name as the platform knows it. */
public record ServerName(String value) {
  public static final int MAX_LENGTH = 255;

  public ServerName {
    Text.requireFilled("name", value, MAX_LENGTH);
    if (Text.hasControlCharacters(value, false)) {
      throw new InvalidValueException("name", "Control characters are not allowed.");
    }
  }
}
