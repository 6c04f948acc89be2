package org.vps.snapshots.application.port;

import java.util.regex.Pattern;
import org.vps.snapshots.domain.InvalidValueException;

/** A client's name for one intended operation: 1 to 255 visible ASCII characters. */
public record IdempotencyKey(String value) {
  private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]{1,255}");

  public IdempotencyKey {
    if (value == null || !VISIBLE_ASCII.matcher(value).matches()) {
      throw new InvalidValueException(
          "idempotency key", "Must be 1 to 255 visible ASCII characters.");
    }
  }
}
