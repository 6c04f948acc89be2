package org.vps.snapshots.domain.snapshot;

import org.vps.snapshots.domain.InvalidValueException;
import org.vps.snapshots.domain.Text;

/** Free text about a snapshot, at most 500 characters; empty when none was given. */
public record Description(String value) {
  public static final int MAX_LENGTH = 500;
  public static final Description NONE = new Description("");

  public Description {
    if (value == null) {
      value = "";
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidValueException(
          "description", "Ensure this field has no more than " + MAX_LENGTH + " characters.");
    }
    if (Text.hasControlCharacters(value, true)) {
      throw new InvalidValueException(
          "description", "Control characters are not allowed, except line breaks and tabs.");
    }
  }
}
