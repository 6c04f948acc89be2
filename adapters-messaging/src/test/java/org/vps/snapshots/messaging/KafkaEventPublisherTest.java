package org.vps.snapshots.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.fake.SampleEvents;
import org.vps.snapshots.application.port.EventPublisher.Delivery;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.domain.OperationId;

/**
 * The publisher against emitters that acknowledge, refuse or keep silent as a broker would: a
 * message is never sent again while an earlier send of it may still arrive.
 */
class KafkaEventPublisherTest {
  private final HeldEmitter events = new HeldEmitter();
  private final HeldEmitter work = new HeldEmitter();
  private final KafkaEventPublisher publisher =
      new KafkaEventPublisher(
          events, work, "/vps/snapshots", Duration.ofMillis(200), new SimpleMeterRegistry());

  private final List<Outbox.Pending> batch =
      List.of(
          new Outbox.Pending(1, new Outbox.Event(SampleEvents.everyType().get(0))),
          new Outbox.Pending(
              2, new Outbox.Work(new OperationId(31), SampleEvents.SERVER, SampleEvents.AT)),
          new Outbox.Pending(3, new Outbox.Event(SampleEvents.everyType().get(1))));

  @Test
  void whatKafkaAcknowledgesIsReportedMessageByMessage() {
    events.answer = Answer.ACK;
    work.answer = Answer.NACK;

    Delivery delivery = publisher.publish(batch);

    assertThat(delivery.acknowledged(0)).isTrue();
    assertThat(delivery.acknowledged(1)).isFalse();
    assertThat(delivery.acknowledged(2)).isTrue();
    assertThat(delivery.failure()).get().asString().contains("refused");
    assertThat(events.sent).hasSize(2);
    assertThat(events.sent.get(0).getPayload()).contains("\"event_id\"");
    assertThat(work.sent.get(0).getPayload()).isEqualTo("31");
  }

  @Test
  void nothingIsSentAgainWhileEarlierSendsAreUnderWay() {
    events.answer = Answer.SILENCE;
    work.answer = Answer.SILENCE;

    Delivery first = publisher.publish(batch);
    Delivery second = publisher.publish(batch);

    assertThat(first.complete()).isFalse();
    assertThat(first.failure()).get().asString().contains("did not answer");
    assertThat(second.acknowledged().isEmpty()).isTrue();
    assertThat(second.failure()).get().asString().contains("still under way");
    assertThat(events.sent).hasSize(2);
    assertThat(work.sent).hasSize(1);
  }

  @Test
  void aSendAcknowledgedLateCountsWithoutBeingSentAgain() {
    events.answer = Answer.SILENCE;
    work.answer = Answer.SILENCE;
    publisher.publish(batch);

    events.settleAll(true);
    work.settleAll(false);
    events.answer = Answer.ACK;
    work.answer = Answer.ACK;
    Delivery again = publisher.publish(batch);

    assertThat(again.complete()).isTrue();
    // The events arrived late and are not sent twice; the refused work is sent once more.
    assertThat(events.sent).hasSize(2);
    assertThat(work.sent).hasSize(2);
  }

  private enum Answer {
    ACK,
    NACK,
    SILENCE
  }

  /** An emitter that answers each message as told, or holds it until the test settles it. */
  private static final class HeldEmitter implements Emitter<String> {
    final List<Message<? extends String>> sent = new ArrayList<>();
    final List<Message<? extends String>> held = new ArrayList<>();
    Answer answer = Answer.ACK;

    @Override
    public <M extends Message<? extends String>> void send(M message) {
      sent.add(message);
      switch (answer) {
        case ACK -> message.ack();
        case NACK -> message.nack(new IllegalStateException("not leader"));
        case SILENCE -> held.add(message);
      }
    }

    void settleAll(boolean acknowledged) {
      held.forEach(
          m -> {
            if (acknowledged) {
              m.ack();
            } else {
              m.nack(new IllegalStateException("expired"));
            }
          });
      held.clear();
    }

    @Override
    public CompletionStage<Void> send(String payload) {
      throw new UnsupportedOperationException("the publisher sends messages with metadata");
    }

    @Override
    public void complete() {}

    @Override
    public void error(Exception e) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean hasRequests() {
      return true;
    }
  }
}
