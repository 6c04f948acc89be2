package org.vps.snapshots.domain.snapshot;

import java.util.regex.Pattern;
import org.vps.snapshots.domain.InvalidValueException;

/** 1 to 64 letters, digits, hyphens and underscores; unique among one server's snapshots. */
public record SnapshotName(String value) {
  public static final int MAX_LENGTH = 64;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_-]+");

  public SnapshotName {
    if (value == null || value.isEmpty()) {
      throw new InvalidValueException("name", "This field may not be blank.");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidValueException(
          "name", "Ensure this field has no more than " + MAX_LENGTH + " characters.");
    }
    if (!ALLOWED.matcher(value).matches()) {
      throw new InvalidValueException("name", "Use only letters, digits, hyphens and underscores.");
    }
  }
}
