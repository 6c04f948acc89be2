package org.vps.snapshots.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.fake.SampleEvents;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.event.SnapshotEvent;

/** How outbox rows are written and read back, without a database. */
class EventCodecTest {
  private final EventCodec codec = new EventCodec(new ObjectMapper());

  @Test
  void everyEventComesBackEqualToWhatWasWritten() {
    for (SnapshotEvent event : SampleEvents.everyType()) {
      String stored = codec.encode(event);

      Outbox.Message read =
          codec.decode(event.type().wireName(), "12345", event.occurredAt(), stored);

      assertThat(read).isEqualTo(new Outbox.Event(event));
      assertThat(stored).startsWith("{\"outbox_version\":1,");
    }
  }

  @Test
  void workNamesOnlyItsOperation() {
    String stored = codec.encodeWork(new OperationId(31));

    Outbox.Message read = codec.decode(EventCodec.WORK_TYPE, "12345", SampleEvents.AT, stored);

    assertThat(stored).isEqualTo("{\"outbox_version\":1,\"operationId\":31}");
    assertThat(read)
        .isEqualTo(new Outbox.Work(new OperationId(31), SampleEvents.SERVER, SampleEvents.AT));
  }

  @Test
  void aRowItCannotReadFailsLoudlyWithTheReason() {
    String created = codec.encode(SampleEvents.everyType().get(0));

    assertThatThrownBy(() -> codec.decode("SnapshotCreated", "1", SampleEvents.AT, "{not json"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(
            () ->
                codec.decode(
                    "SnapshotCreated",
                    "1",
                    SampleEvents.AT,
                    created.replace("\"outbox_version\":1", "\"outbox_version\":2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("version 2");
    assertThatThrownBy(() -> codec.decode("SnapshotRenamed", "1", SampleEvents.AT, created))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown event type");
  }
}
