package org.vps.snapshots.application.port;

import org.vps.snapshots.domain.InvalidValueException;

/** An account's name as the platform gives it. */
public record AccountName(String value) {
  public static final int MAX_LENGTH = 255;

  public AccountName {
    if (value == null || value.isBlank()) {
      throw new InvalidValueException("name", "This field may not be blank.");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidValueException(
          "name", "Ensure this field has no more than " + MAX_LENGTH + " characters.");
    }
  }
}
