package org.vps.snapshots.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.vps.snapshots.domain.Labels;

/** A request body read strictly: JSON by its content type, an object, and typed field by field. */
final class JsonBody {
  static final String REQUIRED = "This field is required.";
  static final String NOT_NULL = "This field may not be null.";
  static final String NOT_INTEGER = "A valid integer is required.";
  static final String NOT_STRING = "Not a valid string.";

  /**
   * The largest request is a flat object of a few short fields: anything deeper, longer or larger
   * than these bounds is refused while it is read, before it takes memory.
   */
  static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(16)
          .maxNumberLength(32)
          .maxNameLength(256)
          .maxStringLength(16 * 1024)
          .maxDocumentLength(64 * 1024)
          .build();

  private static final ObjectMapper STRICT =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private final ObjectNode object;

  private JsonBody(ObjectNode object) {
    this.object = object;
  }

  /** The body as a JSON object; a body is required. */
  static JsonBody require(String contentType, String body) {
    if (body == null || body.isBlank()) {
      throw ProblemException.badRequest("invalid_body", "A JSON object body is required.");
    }
    return parse(contentType, body);
  }

  /** The body as a JSON object, or an empty object when there is none. */
  static JsonBody optional(String contentType, String body) {
    if (body == null || body.isBlank()) {
      return new JsonBody(JsonNodeFactory.instance.objectNode());
    }
    return parse(contentType, body);
  }

  private static JsonBody parse(String contentType, String body) {
    if (!isJson(contentType)) {
      throw ProblemException.badRequest(
          "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
    }
    JsonNode node;
    try {
      node = STRICT.readTree(body);
    } catch (StreamConstraintsException e) {
      throw ProblemException.badRequest(
          "malformed_json",
          "The body is nested too deeply or holds a value too long for this API.");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw ProblemException.badRequest(
          "malformed_json",
          at == null
              ? "The body is not valid JSON."
              : "The body is not valid JSON (line "
                  + at.getLineNr()
                  + ", column "
                  + at.getColumnNr()
                  + ").");
    }
    if (node == null || !node.isObject()) {
      throw ProblemException.badRequest("invalid_body", "The body must be a JSON object.");
    }
    return new JsonBody((ObjectNode) node);
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json")
        || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
  }

  boolean has(String field) {
    return object.has(field);
  }

  Long requiredLong(String field, FieldErrors errors) {
    JsonNode node = object.get(field);
    if (node == null) {
      errors.add(field, REQUIRED);
      return null;
    }
    return integer(field, node, errors);
  }

  String requiredString(String field, FieldErrors errors) {
    JsonNode node = object.get(field);
    if (node == null) {
      errors.add(field, REQUIRED);
      return null;
    }
    return string(field, node, errors);
  }

  /** A string, or null when the field is absent or null. */
  String optionalString(String field, FieldErrors errors) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    return string(field, node, errors);
  }

  /** The required integer {@code field} made into a value, or null with the reason recorded. */
  <T> T requiredLong(String field, FieldErrors errors, Function<Long, T> value) {
    return errors.checkGiven(field, requiredLong(field, errors), value);
  }

  /** The required string {@code field} made into a value, or null with the reason recorded. */
  <T> T requiredString(String field, FieldErrors errors, Function<String, T> value) {
    return errors.checkGiven(field, requiredString(field, errors), value);
  }

  /** The string {@code field} made into a value; null when absent, or with the reason recorded. */
  <T> T optionalString(String field, FieldErrors errors, Function<String, T> value) {
    return errors.checkGiven(field, optionalString(field, errors), value);
  }

  /** A list of strings, or null when the field is absent; an error for null or other values. */
  List<String> optionalStrings(String field, FieldErrors errors) {
    JsonNode node = object.get(field);
    if (node == null) {
      return null;
    }
    if (!node.isArray()) {
      errors.add(field, node.isNull() ? NOT_NULL : "Expected a list of items.");
      return null;
    }
    List<String> values = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        errors.add(field, NOT_STRING);
        return null;
      }
      values.add(item.textValue());
    }
    return values;
  }

  /** A boolean, or null when the field is absent; an error for null or other values. */
  Boolean optionalBoolean(String field, FieldErrors errors) {
    JsonNode node = object.get(field);
    if (node == null) {
      return null;
    }
    if (!node.isBoolean()) {
      errors.add(field, "Must be a valid boolean.");
      return null;
    }
    return node.booleanValue();
  }

  /** The names of the body's fields, in their order. */
  List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * An object of strings made into labels, or null when the field is absent; an error for null, for
   * another shape, and for labels the domain refuses.
   */
  Labels optionalLabels(String field, FieldErrors errors) {
    JsonNode node = object.get(field);
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      errors.add(field, node.isNull() ? NOT_NULL : "Expected an object of strings.");
      return null;
    }
    Map<String, String> values = new HashMap<>();
    for (var entry : node.properties()) {
      if (!entry.getValue().isTextual()) {
        errors.add(field, "The value of '" + entry.getKey() + "' must be a string.");
        return null;
      }
      values.put(entry.getKey(), entry.getValue().textValue());
    }
    return errors.check(field, () -> new Labels(values));
  }

  /**
   * The object {@code field}, or null when it is absent; an error, with {@code shape} as the
   * message, for null and for anything but an object.
   */
  JsonBody optionalObject(String field, String shape, FieldErrors errors) {
    JsonNode node = object.get(field);
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      errors.add(field, shape);
      return null;
    }
    return new JsonBody((ObjectNode) node);
  }

  private static Long integer(String field, JsonNode node, FieldErrors errors) {
    if (node.isNull()) {
      errors.add(field, NOT_NULL);
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      errors.add(field, NOT_INTEGER);
      return null;
    }
    return node.longValue();
  }

  private static String string(String field, JsonNode node, FieldErrors errors) {
    if (node.isNull()) {
      errors.add(field, NOT_NULL);
      return null;
    }
    if (!node.isTextual()) {
      errors.add(field, NOT_STRING);
      return null;
    }
    return node.textValue();
  }
}
