package org.vps.snapshots.domain;

/** Rules shared by the free-text values: what a stored, displayed text may hold. */
final class Text {
  private Text() {}

  /**
   * Whether {@code value} holds a control character (such as U+0000, which PostgreSQL cannot
   * store); line breaks and tabs are allowed where {@code multiline}.
   */
  static boolean hasControlCharacters(String value, boolean multiline) {
    return value
        .chars()
        .anyMatch(
            c ->
                Character.getType(c) == Character.CONTROL
                    && !(multiline && (c == '\n' || c == '\r' || c == '\t')));
  }
}
