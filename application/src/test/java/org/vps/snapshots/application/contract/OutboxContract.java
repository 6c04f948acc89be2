package org.vps.snapshots.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Outbox.Pending;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.event.RestoreFailed;
import org.vps.snapshots.domain.event.SnapshotCompleted;
import org.vps.snapshots.domain.event.SnapshotCreated;
import org.vps.snapshots.domain.event.SnapshotEvent;

/** The contract of the {@code Outbox} port; nothing else may relay the outbox while it runs. */
public abstract class OutboxContract extends PortContract {
  static final Instant T0 = Instant.parse("2025-01-16T16:15:00.5Z");

  Outbox outbox() {
    return ports().outbox();
  }

  List<SnapshotEvent> threeEvents() {
    AccountId account = new AccountId(7);
    ServerId server = newServerId();
    SnapshotId snapshot = new SnapshotId(802);
    return List.of(
        new SnapshotCreated(
            UUID.randomUUID(),
            T0,
            account,
            server,
            snapshot,
            new OperationId(3),
            "before-update",
            "why",
            "running",
            new Labels(Map.of("env", "prod")),
            "manual",
            null),
        new SnapshotCompleted(
            UUID.randomUUID(),
            T0.plusSeconds(5),
            account,
            server,
            snapshot,
            new OperationId(3),
            "before-update",
            5120,
            "quiesced",
            "manual"),
        new RestoreFailed(
            UUID.randomUUID(),
            T0.plusSeconds(9).truncatedTo(ChronoUnit.MICROS),
            account,
            server,
            snapshot,
            new OperationId(4),
            "disk gone",
            "stopped"));
  }

  @Test
  void appendedEventsComeBackWholeInTheirOrderUntilRemoved() {
    List<SnapshotEvent> events = threeEvents();
    inTransaction(() -> outbox().append(events));

    List<Pending> claimed = inTransaction(this::claimAll);
    List<SnapshotEvent> ours = events(claimed).stream().filter(events::contains).toList();

    assertThat(ours).containsExactlyElementsOf(events);
    assertThat(claimed)
        .filteredOn(p -> p.message() instanceof Outbox.Event e && events.contains(e.event()))
        .extracting(Pending::position)
        .isSorted();
    assertThat(claimed).extracting(Pending::position).doesNotHaveDuplicates();
    assertThat(inTransaction(() -> outbox().backlog()).count()).isGreaterThanOrEqualTo(3);

    inTransaction(() -> outbox().remove(claimed));
    assertThat(events(inTransaction(this::claimAll))).doesNotContainAnyElementsOf(events);
  }

  @Test
  void workKeepsItsPlaceAmongTheEventsAndNamesOnlyItsOperationAndServer() {
    List<SnapshotEvent> events = threeEvents();
    ServerId server = events.get(0).serverId();
    OperationId operation = new OperationId(Long.MAX_VALUE - 11);
    inTransaction(
        () -> {
          outbox().append(events.subList(0, 1));
          outbox().appendWork(operation, server);
          outbox().append(events.subList(1, 3));
        });

    List<Outbox.Message> ours = messagesOf(server);

    assertThat(ours).hasSize(4);
    assertThat(ours.get(0)).isEqualTo(new Outbox.Event(events.get(0)));
    assertThat(ours.get(1))
        .isInstanceOfSatisfying(
            Outbox.Work.class,
            work -> {
              assertThat(work.operation()).isEqualTo(operation);
              assertThat(work.server()).isEqualTo(server);
            });
    assertThat(ours.subList(2, 4))
        .containsExactly(new Outbox.Event(events.get(1)), new Outbox.Event(events.get(2)));
  }

  /** The waiting messages about {@code server}, in their order. */
  List<Outbox.Message> messagesOf(ServerId server) {
    return inTransaction(this::claimAll).stream()
        .map(Pending::message)
        .filter(m -> m.key().equals(Long.toString(server.value())))
        .toList();
  }

  /**
   * Every waiting message, partition after partition: claims in one transaction until a claim
   * brings nothing new.
   */
  List<Pending> claimAll() {
    Map<Long, Pending> all = new LinkedHashMap<>();
    while (true) {
      int before = all.size();
      outbox().claimOldest(100_000).forEach(p -> all.putIfAbsent(p.position(), p));
      if (all.size() == before) {
        return List.copyOf(all.values());
      }
    }
  }

  static List<SnapshotEvent> events(List<Pending> pending) {
    return pending.stream()
        .map(Pending::message)
        .filter(Outbox.Event.class::isInstance)
        .map(m -> ((Outbox.Event) m).event())
        .toList();
  }

  @Test
  void anEmptyOutboxHasNoBacklog() {
    inTransaction(() -> outbox().remove(claimAll()));

    Outbox.Backlog backlog = inTransaction(() -> outbox().backlog());

    assertThat(backlog.count()).isZero();
    assertThat(backlog.oldest()).isEmpty();
  }

  @Test
  void startsAppendedTogetherKeepEachOnesEventsBeforeItsWorkInTheirOrder() {
    List<SnapshotEvent> events = threeEvents();
    ServerId server = events.get(0).serverId();
    OperationId firstOperation = new OperationId(Long.MAX_VALUE - 21);
    OperationId secondOperation = new OperationId(Long.MAX_VALUE - 22);
    inTransaction(
        () ->
            outbox()
                .appendStarts(
                    List.of(
                        new Outbox.Start(events.subList(0, 1), firstOperation, server),
                        new Outbox.Start(events.subList(1, 3), secondOperation, server))));

    List<Outbox.Message> ours = messagesOf(server);

    assertThat(ours).hasSize(5);
    assertThat(ours.get(0)).isEqualTo(new Outbox.Event(events.get(0)));
    assertThat(ours.get(1))
        .isInstanceOfSatisfying(
            Outbox.Work.class, work -> assertThat(work.operation()).isEqualTo(firstOperation));
    assertThat(ours.subList(2, 4))
        .containsExactly(new Outbox.Event(events.get(1)), new Outbox.Event(events.get(2)));
    assertThat(ours.get(4))
        .isInstanceOfSatisfying(
            Outbox.Work.class, work -> assertThat(work.operation()).isEqualTo(secondOperation));
    inTransaction(() -> outbox().remove(claimAll()));
  }
}
