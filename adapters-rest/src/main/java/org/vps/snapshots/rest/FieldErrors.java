package org.vps.snapshots.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.vps.snapshots.domain.InvalidValueException;

/**
 * Collects every field's errors of one request, DRF-style, so that a client sees them all at once;
 * the messages of value rules come from the domain's own checks.
 */
final class FieldErrors {
  private final Map<String, List<String>> errors = new LinkedHashMap<>();

  void add(String field, String message) {
    errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
  }

  /** Builds a value, or records why it cannot be built against {@code field}. */
  <T> T check(String field, Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidValueException e) {
      add(field, e.getMessage());
      return null;
    }
  }

  /** Builds a value from {@code raw} when it was given (null otherwise), as {@link #check}. */
  <R, T> T checkGiven(String field, R raw, Function<R, T> build) {
    return raw == null ? null : check(field, () -> build.apply(raw));
  }

  /** Throws the collected errors as one 400 answer, if there are any. */
  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw ProblemException.invalidFields(errors);
    }
  }
}
