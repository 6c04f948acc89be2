package org.vps.snapshots.domain.snapshot;

import org.vps.snapshots.domain.InvalidValueException;
import org.vps.snapshots.domain.Text;

/** A server's display name as the platform knows it. */
public record ServerName(String value) {
  public static final int MAX_LENGTH = 255;

  public ServerName {
    if (value == null || value.isBlank()) {
      throw new InvalidValueException("name", "This field may not be blank.");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidValueException(
          "name", "Ensure this field has no more than " + MAX_LENGTH + " characters.");
    }
    if (Text.hasControlCharacters(value, false)) {
      throw new InvalidValueException("name", "Control characters are not allowed.");
    }
  }
}
