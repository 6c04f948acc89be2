package org.vps.snapshots.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** A request body read strictly: JSON by its content type, an object, and typed field by field. */
final class JsonBody {
  static final String REQUIRED = "This field is required.";
  static final String NOT_NULL = "This field may not be null.";
  static final String NOT_INTEGER = "A valid integer is required.";
  static final String NOT_STRING = "Not a valid string.";

  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

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
    } catch (JsonProcessingException e) {
      throw ProblemException.badRequest(
          "malformed_json",
          "The body is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
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

  /** The canonical text of the body: what idempotency compares. */
  String canonical() {
    return object.toString();
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

  Long optionalLong(String field, FieldErrors errors) {
    JsonNode node = object.get(field);
    return node == null ? null : integer(field, node, errors);
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
