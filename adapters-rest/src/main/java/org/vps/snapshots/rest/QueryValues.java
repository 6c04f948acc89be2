package org.vps.snapshots.rest;

/** Query and path values read strictly: a malformed one is the client's error, never a 500. */
final class QueryValues {
  private QueryValues() {}

  /** A positive whole number, or null when absent; anything else is recorded as an error. */
  static Long positiveLong(String field, String raw, FieldErrors errors) {
    if (raw == null) {
      return null;
    }
    Long value = parse(raw);
    if (value == null || value <= 0) {
      errors.add(field, "A valid positive integer is required.");
      return null;
    }
    return value;
  }

  /** A whole number between {@code min} and {@code max}, or {@code fallback} when absent. */
  static int intBetween(
      String field, String raw, int min, int max, int fallback, FieldErrors errors) {
    if (raw == null) {
      return fallback;
    }
    Long value = parse(raw);
    if (value == null || value < min || value > max) {
      errors.add(field, "Ensure this value is an integer between " + min + " and " + max + ".");
      return fallback;
    }
    return value.intValue();
  }

  /** A path id: anything that is not a positive whole number names nothing, so it is a 404. */
  static long pathId(String raw, String what) {
    Long value = parse(raw);
    if (value == null || value <= 0) {
      throw ProblemException.notFound(what + " " + sanitize(raw) + " does not exist.");
    }
    return value;
  }

  private static Long parse(String raw) {
    String text = raw.trim();
    if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(Character::isDigit)) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String sanitize(String raw) {
    String printable = raw.replaceAll("[^A-Za-z0-9_.-]", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
  }
}
