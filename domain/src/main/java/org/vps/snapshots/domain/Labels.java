package org.vps.snapshots.domain;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A customer's key-value labels, in Kubernetes' label syntax: a key is an optional DNS subdomain
 * prefix and a slash, then a name of 1 to 63 letters, digits, hyphens, underscores and dots that
 * begins and ends with a letter or digit; a value is empty or follows the name's rule. At most
 * {@value #MAX} labels.
 */
public record Labels(Map<String, String> values) {
  public static final int MAX = 20;
  public static final Labels NONE = new Labels(Map.of());
  private static final String FIELD = "labels";
  private static final int NAME_MAX = 63;
  private static final int PREFIX_MAX = 253;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern PREFIX =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public Labels {
    if (values == null) {
      values = Map.of();
    }
    if (values.size() > MAX) {
      throw new InvalidValueException(FIELD, "Ensure there are no more than " + MAX + " labels.");
    }
    values.forEach(
        (key, value) -> {
          keyProblem(key)
              .ifPresent(problem -> fail("Label key '" + shown(key) + "' is invalid: " + problem));
          valueProblem(value)
              .ifPresent(
                  problem -> fail("Label value of '" + shown(key) + "' is invalid: " + problem));
        });
    values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** What is wrong with {@code key} as a label key; empty when it is a valid one. */
  public static Optional<String> keyProblem(String key) {
    if (key == null || key.isEmpty()) {
      return Optional.of("it may not be blank.");
    }
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > PREFIX_MAX || !PREFIX.matcher(prefix).matches()) {
        return Optional.of(
            "its prefix must be a DNS subdomain of at most "
                + PREFIX_MAX
                + " lowercase characters.");
      }
    }
    return nameProblem(name);
  }

  /** What is wrong with {@code value} as a label value; empty when it is a valid one. */
  public static Optional<String> valueProblem(String value) {
    if (value == null) {
      return Optional.of("it must be a string.");
    }
    return value.isEmpty() ? Optional.empty() : nameProblem(value);
  }

  private static Optional<String> nameProblem(String name) {
    if (name.isEmpty() || name.length() > NAME_MAX) {
      return Optional.of("it must have 1 to " + NAME_MAX + " characters.");
    }
    if (!NAME.matcher(name).matches()) {
      return Optional.of(
          "use letters, digits, '-', '_' and '.', beginning and ending with a letter or digit.");
    }
    return Optional.empty();
  }

  private static void fail(String message) {
    throw new InvalidValueException(FIELD, message);
  }

  /** A key as an error message may show it: cut short, so that a huge one is not echoed. */
  private static String shown(String key) {
    return key == null ? "" : key.length() > 70 ? key.substring(0, 70) + "…" : key;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }
}
