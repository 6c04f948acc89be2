package org.vps.snapshots.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.vps.snapshots.application.port.SnapshotChanges;
import org.vps.snapshots.application.snapshot.WatchSnapshot;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.SnapshotId;

/**
 * One client's stream of a snapshot: the state at once, then a {@code snapshot} event whenever what
 * it shows changed, and the stream ends once the snapshot and its operation have settled (or the
 * snapshot is deleted: a last {@code deleted} event).
 */
final class SnapshotStream {
  private static final Logger LOG = Logger.getLogger(SnapshotStream.class);

  /** What each event carries: the snapshot as GET shows it, and its newest operation. */
  record Event(
      Json.SnapshotJson snapshot,
      @JsonInclude(JsonInclude.Include.ALWAYS) Json.OperationJson operation) {}

  private final WatchSnapshot watch;
  private final AccountId owner;
  private final SnapshotId id;
  private final SseEventSink sink;
  private final Sse sse;
  private final ObjectMapper json;
  private final AtomicReference<String> lastSent = new AtomicReference<>();
  private final AtomicLong sequence = new AtomicLong();
  private volatile SnapshotChanges.Subscription subscription;
  private volatile boolean ended;
  private CompletionStage<?> lastWrite = CompletableFuture.completedFuture(null);

  SnapshotStream(
      WatchSnapshot watch,
      AccountId owner,
      SnapshotId id,
      SseEventSink sink,
      Sse sse,
      ObjectMapper json) {
    this.watch = watch;
    this.owner = owner;
    this.id = id;
    this.sink = sink;
    this.sse = sse;
    this.json = json;
  }

  /** Sends the state given, then follows the snapshot until it settles. */
  void start(WatchSnapshot.State first) {
    subscription = watch.follow(id, this::refresh);
    send(Optional.of(first));
    // A change between the first read and the subscription would otherwise go unseen.
    refresh();
    if (ended) {
      subscription.close();
    }
  }

  private void refresh() {
    if (ended) {
      return;
    }
    try {
      send(watch.current(owner, id));
    } catch (RuntimeException e) {
      // The database away: the next change, or the listener's catch-up, tries again.
      LOG.debugf("snapshot %d: its stream could not read it: %s", id.value(), e.getMessage());
    }
  }

  private synchronized void send(Optional<WatchSnapshot.State> state) {
    if (ended) {
      return;
    }
    if (sink.isClosed()) {
      end();
      return;
    }
    if (state.isEmpty()) {
      lastWrite = sink.send(event("deleted", "{\"id\":" + id.value() + "}"));
      end();
      return;
    }
    String data = data(state.get());
    if (!data.equals(lastSent.getAndSet(data))) {
      lastWrite = sink.send(event("snapshot", data));
      lastWrite.whenComplete(
          (sent, failure) -> {
            if (failure != null) {
              end();
            }
          });
    }
    if (state.get().settled()) {
      end();
    }
  }

  private OutboundSseEvent event(String name, String data) {
    return sse.newEventBuilder()
        .name(name)
        .id(Long.toString(sequence.incrementAndGet()))
        .data(data)
        .build();
  }

  private String data(WatchSnapshot.State state) {
    try {
      return json.writeValueAsString(
          new Event(
              Json.SnapshotJson.of(state.view()),
              state.operation().map(Json.OperationJson::of).orElse(null)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a snapshot could not be written as JSON", e);
    }
  }

  private void end() {
    ended = true;
    SnapshotChanges.Subscription current = subscription;
    if (current != null) {
      current.close();
    }
    // Closed once the last event is written: closing sooner could cut it off.
    lastWrite.whenComplete((written, failure) -> sink.close());
  }
}
