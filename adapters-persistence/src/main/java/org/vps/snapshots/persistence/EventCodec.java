package org.vps.snapshots.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.event.RestoreCompleted;
import org.vps.snapshots.domain.event.RestoreFailed;
import org.vps.snapshots.domain.event.RestoreStarted;
import org.vps.snapshots.domain.event.SnapshotCompleted;
import org.vps.snapshots.domain.event.SnapshotCreated;
import org.vps.snapshots.domain.event.SnapshotDeleted;
import org.vps.snapshots.domain.event.SnapshotEvent;
import org.vps.snapshots.domain.event.SnapshotFailed;
import org.vps.snapshots.domain.event.SnapshotUpdated;
import org.vps.snapshots.domain.schedule.ScheduleRunSkipped;
import org.vps.snapshots.domain.schedule.ScheduleRunSucceeded;
import org.vps.snapshots.domain.webhook.WebhookEndpointDisabled;

/**
 * The outbox's storage form of a message. An event is its record components as a flat JSON object,
 * with single-value ids unwrapped; work is the operation's id. Every payload carries the version of
 * this form, and a type or version this code does not know fails loudly. The public schema of each
 * event belongs to the messaging adapter.
 */
@ApplicationScoped
public class EventCodec {
  /** The version of the stored form; a reader refuses any other. */
  static final int VERSION = 1;

  static final String VERSION_FIELD = "outbox_version";
  static final String WORK_TYPE = "OperationQueued";

  /**
   * A record type's components, looked up once: {@code Class.getRecordComponents()} builds new
   * component and accessor objects on every call, and a new accessor is set up again on its first
   * invocation, which made reflection most of what encoding an event cost.
   */
  private static final ClassValue<Component[]> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
          RecordComponent[] components = type.getRecordComponents();
          if (components == null) {
            return new Component[0];
          }
          Component[] read = new Component[components.length];
          for (int i = 0; i < components.length; i++) {
            read[i] =
                new Component(
                    components[i].getName(), components[i].getType(), components[i].getAccessor());
          }
          return read;
        }
      };

  /** A record type's canonical constructor, looked up once. */
  private static final ClassValue<Constructor<?>> CONSTRUCTORS =
      new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> type) {
          Class<?>[] types =
              Arrays.stream(COMPONENTS.get(type)).map(Component::type).toArray(Class<?>[]::new);
          try {
            return type.getDeclaredConstructor(types);
          } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getSimpleName() + " is not a record", e);
          }
        }
      };

  private record Component(String name, Class<?> type, Method accessor) {
    Object read(Object owner) {
      try {
        return accessor.invoke(owner);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("a record component could not be read", e);
      }
    }
  }

  private final ObjectMapper json;

  @Inject
  public EventCodec(ObjectMapper json) {
    this.json = json;
  }

  /** A snapshot event or a webhook notice, by its record components. */
  public String encode(Object event) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(VERSION_FIELD, VERSION);
    for (Component component : COMPONENTS.get(event.getClass())) {
      fields.put(component.name(), plain(component.read(event)));
    }
    return write(fields);
  }

  public String encodeWork(OperationId operation) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(VERSION_FIELD, VERSION);
    fields.put("operationId", operation.value());
    return write(fields);
  }

  /** Rebuilds the message of type {@code type} from its stored JSON. */
  public Outbox.Message decode(String type, String key, Instant occurredAt, String stored) {
    JsonNode fields;
    try {
      fields = json.readTree(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an outbox row is not JSON", e);
    }
    int version = fields.path(VERSION_FIELD).asInt(-1);
    if (version != VERSION) {
      throw new IllegalStateException(
          "an outbox row of type " + type + " has version " + version + "; this reads " + VERSION);
    }
    if (WORK_TYPE.equals(type)) {
      return new Outbox.Work(
          new OperationId(fields.path("operationId").asLong()),
          new ServerId(Long.parseLong(key)),
          occurredAt);
    }
    EventType eventType =
        EventType.fromWireName(type)
            .orElseThrow(
                () -> new IllegalStateException("unknown event type in the outbox: " + type));
    switch (eventType) {
      case WEBHOOK_ENDPOINT_DISABLED -> {
        return new Outbox.Notice(decodeRecord(WebhookEndpointDisabled.class, fields));
      }
      case SCHEDULE_RUN_SUCCEEDED -> {
        return new Outbox.Notice(decodeRecord(ScheduleRunSucceeded.class, fields));
      }
      case SCHEDULE_RUN_SKIPPED -> {
        return new Outbox.Notice(decodeRecord(ScheduleRunSkipped.class, fields));
      }
      default -> {
        // A snapshot event, below.
      }
    }
    return new Outbox.Event(decodeRecord(classOf(eventType), fields));
  }

  private static Class<? extends SnapshotEvent> classOf(EventType type) {
    return switch (type) {
      case SNAPSHOT_CREATED -> SnapshotCreated.class;
      case SNAPSHOT_COMPLETED -> SnapshotCompleted.class;
      case SNAPSHOT_FAILED -> SnapshotFailed.class;
      case SNAPSHOT_DELETED -> SnapshotDeleted.class;
      case SNAPSHOT_UPDATED -> SnapshotUpdated.class;
      case RESTORE_STARTED -> RestoreStarted.class;
      case RESTORE_COMPLETED -> RestoreCompleted.class;
      case RESTORE_FAILED -> RestoreFailed.class;
      case WEBHOOK_ENDPOINT_DISABLED, SCHEDULE_RUN_SUCCEEDED, SCHEDULE_RUN_SKIPPED ->
          throw new IllegalArgumentException("a notice is not a snapshot event");
    };
  }

  private static <T> T decodeRecord(Class<T> eventClass, JsonNode fields) {
    try {
      Component[] components = COMPONENTS.get(eventClass);
      Object[] values = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        values[i] = typed(components[i].type(), fields.get(components[i].name()));
      }
      return eventClass.cast(CONSTRUCTORS.get(eventClass).newInstance(values));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("an outbox event could not be read back", e);
    }
  }

  private String write(Map<String, Object> fields) {
    try {
      return json.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an outbox message could not be written as JSON", e);
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
    if (type == boolean.class || type == Boolean.class) {
      return node.asBoolean();
    }
    if (type == UUID.class) {
      return UUID.fromString(node.asText());
    }
    if (type == List.class) {
      List<Long> list = new ArrayList<>();
      node.forEach(item -> list.add(item.asLong()));
      return list;
    }
    if (type == Map.class) {
      Map<String, String> map = new TreeMap<>();
      node.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
      return map;
    }
    if (type == Instant.class) {
      return Instant.parse(node.asText());
    }
    if (type.isRecord() && COMPONENTS.get(type).length == 1) {
      return CONSTRUCTORS.get(type).newInstance(typed(COMPONENTS.get(type)[0].type(), node));
    }
    throw new IllegalStateException("no outbox mapping for " + type.getSimpleName());
  }

  private static Object plain(Object value) {
    if (value instanceof Record record && COMPONENTS.get(record.getClass()).length == 1) {
      return COMPONENTS.get(record.getClass())[0].read(record);
    }
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return value instanceof Map<?, ?> || value instanceof List<?> ? value : value.toString();
  }
}
