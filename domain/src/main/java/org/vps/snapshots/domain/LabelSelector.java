package org.vps.snapshots.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Which labels a listing wants, in Kubernetes' equality-based selector syntax: requirements
 * separated by commas, all of which must hold. {@code key=value} (or {@code key==value}) wants the
 * label with that value; {@code key!=value} wants any other value or no such label; {@code key}
 * wants the label with any value; {@code !key} wants no such label.
 */
public record LabelSelector(List<Requirement> requirements) {
  public static final int MAX_REQUIREMENTS = 20;
  private static final String FIELD = "label_selector";

  public LabelSelector {
    requirements = List.copyOf(requirements);
  }

  /** One condition on one key. */
  public record Requirement(String key, Operator operator, String value) {}

  /** How a requirement compares a label. */
  public enum Operator {
    EQUALS,
    NOT_EQUALS,
    EXISTS,
    NOT_EXISTS
  }

  /** Reads a selector as a customer writes it in {@code ?label_selector=}. */
  public static LabelSelector parse(String text) {
    List<Requirement> requirements = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String term = part.strip();
      if (term.isEmpty()) {
        throw invalid("A requirement is empty; separate requirements with single commas.");
      }
      requirements.add(requirement(term));
    }
    if (requirements.size() > MAX_REQUIREMENTS) {
      throw invalid("Ensure there are no more than " + MAX_REQUIREMENTS + " requirements.");
    }
    return new LabelSelector(requirements);
  }

  private static Requirement requirement(String term) {
    int notEquals = term.indexOf("!=");
    int equals = term.indexOf('=');
    if (notEquals >= 0) {
      return compared(term, term.substring(0, notEquals), term.substring(notEquals + 2), false);
    }
    if (equals >= 0) {
      int valueStart = term.startsWith("==", equals) ? equals + 2 : equals + 1;
      return compared(term, term.substring(0, equals), term.substring(valueStart), true);
    }
    if (term.startsWith("!")) {
      return new Requirement(key(term, term.substring(1).strip()), Operator.NOT_EXISTS, null);
    }
    return new Requirement(key(term, term), Operator.EXISTS, null);
  }

  private static Requirement compared(String term, String key, String value, boolean equals) {
    String wanted = value.strip();
    Labels.valueProblem(wanted)
        .ifPresent(
            problem -> {
              throw invalid("In '" + term + "' the value is invalid: " + problem);
            });
    return new Requirement(
        key(term, key.strip()), equals ? Operator.EQUALS : Operator.NOT_EQUALS, wanted);
  }

  private static String key(String term, String key) {
    Labels.keyProblem(key)
        .ifPresent(
            problem -> {
              throw invalid("In '" + term + "' the key is invalid: " + problem);
            });
    return key;
  }

  private static InvalidValueException invalid(String message) {
    return new InvalidValueException(FIELD, message);
  }

  /** Whether {@code labels} meet every requirement. */
  public boolean matches(Labels labels) {
    return requirements.stream().allMatch(r -> holds(r, labels));
  }

  private static boolean holds(Requirement requirement, Labels labels) {
    return switch (requirement.operator()) {
      case EQUALS -> labels.get(requirement.key()).filter(requirement.value()::equals).isPresent();
      case NOT_EQUALS ->
          labels.get(requirement.key()).filter(requirement.value()::equals).isEmpty();
      case EXISTS -> labels.has(requirement.key());
      case NOT_EXISTS -> !labels.has(requirement.key());
    };
  }
}
