package org.vps.snapshots.domain;

/** Rules shared by the free-text values: what a stored, displayed text may hold. */
public final class Text {
  /** The longest failure reason kept: a backend's error output is cut to this many characters. */
  public static final int MAX_REASON_LENGTH = 500;

  private Text() {}

  /**
   * A failure reason as stored and shown: trimmed, never empty, at most {@link #MAX_REASON_LENGTH}.
   */
  public static String failureReason(String reason) {
    String text = reason == null || reason.isBlank() ? "unknown failure" : reason.strip();
    return text.length() <= MAX_REASON_LENGTH ? text : text.substring(0, MAX_REASON_LENGTH);
  }

  /**
   * Refuses, as an error of {@code field}, a value that is missing, blank, or longer than {@code
   * maxLength}.
   */
  public static void requireFilled(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new InvalidValueException(field, "This field may not be blank.");
    }
    if (value.length() > maxLength) {
      throw new InvalidValueException(
          field, "Ensure this field has no more than " + maxLength + " characters.");
    }
  }

  /**
   * Whether {@code value} holds a control character (such as U+0000, which PostgreSQL cannot
   * store); line breaks and tabs are allowed where {@code multiline}.
   */
  public static boolean hasControlCharacters(String value, boolean multiline) {
    return value
        .chars()
        .anyMatch(
            c ->
                Character.getType(c) == Character.CONTROL
                    && !(multiline && (c == '\n' || c == '\r' || c == '\t')));
  }
}
