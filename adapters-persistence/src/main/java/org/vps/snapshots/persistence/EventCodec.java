package org.vps.snapshots.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vps.snapshots.domain.event.SnapshotEvent;

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
