package org.vps.snapshots.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.vps.snapshots.domain.SnapshotEvent;

/**
 * The outbox's storage form of a domain event: its record components as a flat JSON object, with
 * single-value ids unwrapped. The public schema of each event belongs to the messaging adapter.
 */
@ApplicationScoped
public class EventCodec {
  private final ObjectMapper json;

  @Inject
  public EventCodec(ObjectMapper json) {
    this.json = json;
  }

  public String encode(SnapshotEvent event) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (RecordComponent component : event.getClass().getRecordComponents()) {
      fields.put(component.getName(), plain(read(component, event)));
    }
    try {
      return json.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event could not be written as JSON", e);
    }
  }

  /** Rebuilds the event of type {@code type} from its stored JSON. */
  public SnapshotEvent decode(String type, String stored) {
    Class<?> eventClass =
        Arrays.stream(SnapshotEvent.class.getPermittedSubclasses())
            .filter(c -> c.getSimpleName().equals(type))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("unknown event type in the outbox: " + type));
    try {
      JsonNode fields = json.readTree(stored);
      RecordComponent[] components = eventClass.getRecordComponents();
      Object[] values = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        values[i] = typed(types[i], fields.get(components[i].getName()));
      }
      return (SnapshotEvent) eventClass.getDeclaredConstructor(types).newInstance(values);
    } catch (JsonProcessingException | ReflectiveOperationException e) {
      throw new IllegalStateException("an outbox event could not be read back", e);
    }
  }

  private static Object typed(Class<?> type, JsonNode node) throws ReflectiveOperationException {
    if (node == null || node.isNull()) {
      return null;
    }
    if (type == String.class) {
      return node.asText();
    }
    if (type == long.class || type == Long.class) {
      return node.asLong();
    }
    if (type == UUID.class) {
      return UUID.fromString(node.asText());
    }
    if (type == Instant.class) {
      return Instant.parse(node.asText());
    }
    if (type.isRecord() && type.getRecordComponents().length == 1) {
      Class<?> inner = type.getRecordComponents()[0].getType();
      return type.getDeclaredConstructor(inner).newInstance(typed(inner, node));
    }
    throw new IllegalStateException("no outbox mapping for " + type.getSimpleName());
  }

  private static Object plain(Object value) {
    if (value instanceof Record record && record.getClass().getRecordComponents().length == 1) {
      return read(record.getClass().getRecordComponents()[0], record);
    }
    return value == null ? null : value instanceof Number ? value : value.toString();
  }

  private static Object read(RecordComponent component, Object owner) {
    try {
      return component.getAccessor().invoke(owner);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("a record component could not be read", e);
    }
  }
}
