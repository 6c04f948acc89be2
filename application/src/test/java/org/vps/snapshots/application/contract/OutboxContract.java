package org.vps.snapshots.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Outbox.Pending;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.RestoreFailed;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotCompleted;
import org.vps.snapshots.domain.SnapshotCreated;
import org.vps.snapshots.domain.SnapshotEvent;
import org.vps.snapshots.domain.SnapshotId;

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
            UUID.randomUUID(), T0, account, server, snapshot, "before-update", "why", "running"),
        new SnapshotCompleted(
            UUID.randomUUID(), T0.plusSeconds(5), account, server, snapshot, "before-update", 5120),
        new RestoreFailed(
            UUID.randomUUID(),
            T0.plusSeconds(9).truncatedTo(ChronoUnit.MICROS),
            account,
            server,
            snapshot,
            "disk gone",
            "stopped"));
  }

  @Test
  void appendedEventsComeBackWholeInTheirOrderUntilRemoved() {
    List<SnapshotEvent> events = threeEvents();
    inTransaction(() -> outbox().append(events));

    List<Pending> claimed = inTransaction(() -> outbox().claimOldest(1000));
    List<SnapshotEvent> ours =
        claimed.stream().map(Pending::event).filter(events::contains).toList();

    assertThat(ours).containsExactlyElementsOf(events);
    assertThat(claimed).extracting(Pending::position).isSorted().doesNotHaveDuplicates();
    assertThat(inTransaction(() -> outbox().backlog()).count()).isGreaterThanOrEqualTo(3);

    inTransaction(() -> outbox().remove(claimed));
    assertThat(inTransaction(() -> outbox().claimOldest(1000)))
        .extracting(Pending::event)
        .doesNotContainAnyElementsOf(events);
  }

  @Test
  void anEmptyOutboxHasNoBacklog() {
    inTransaction(() -> outbox().remove(outbox().claimOldest(100_000)));

    Outbox.Backlog backlog = inTransaction(() -> outbox().backlog());

    assertThat(backlog.count()).isZero();
    assertThat(backlog.oldest()).isEmpty();
  }
}
