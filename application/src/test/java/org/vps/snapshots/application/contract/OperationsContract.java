package org.vps.snapshots.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.operation.Operation;
import org.vps.snapshots.domain.operation.OperationKind;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerStatus;

/** The contract of the {@code Operations} port. */
public abstract class OperationsContract extends PortContract {
  static final Instant T0 = Instant.parse("2025-01-16T16:15:00.123456Z");
  static final Duration LEASE = Duration.ofSeconds(30);

  Operations operations() {
    return ports().operations();
  }

  Operation queued(Server server, OperationKind kind, long snapshot, Instant at) {
    Operation operation =
        inTransaction(
            () ->
                Operation.queue(
                    operations().nextId(),
                    kind,
                    server.accountId(),
                    server.id(),
                    server.host().orElse(null),
                    new SnapshotId(snapshot),
                    at,
                    Duration.ofMinutes(30)));
    inTransaction(() -> operations().add(operation));
    return operation;
  }

  Operation claimed(Server server, long snapshot, Instant at) {
    Operation operation = queued(server, OperationKind.SNAPSHOT, snapshot, at);
    inTransaction(
        () -> {
          Operation locked = operations().lock(operation.id()).orElseThrow();
          locked.claim("worker-a", at, LEASE, 3);
          locked.startStep(locked.fence(), at, LEASE);
          operations().update(locked);
        });
    return inTransaction(() -> operations().lock(operation.id()).orElseThrow());
  }

  @Test
  void anOperationComesBackAsItWasStored() {
    Server server = newServer(newAccount(), ServerStatus.RUNNING);
    Operation operation = claimed(server, 801, T0);
    inTransaction(
        () -> {
          Operation locked = operations().lock(operation.id()).orElseThrow();
          locked.reportProgress(locked.fence(), 40, T0);
          locked.askToStop(Operation.StopRequest.DEADLINE, "late", T0);
          operations().update(locked);
        });

    Operation read = inTransaction(() -> operations().lock(operation.id()).orElseThrow());

    assertThat(read.stored())
        .usingRecursiveComparison()
        .ignoringFields("progress", "stopRequest")
        .isEqualTo(operation.stored());
    assertThat(read.progress()).isEqualTo(40);
    assertThat(read.stopRequest()).hasValue(Operation.StopRequest.DEADLINE);
    assertThat(read.leaseExpiresAt()).hasValue(T0.plus(LEASE));
    assertThat(inTransaction(() -> operations().serverOf(operation.id()))).hasValue(server.id());
  }

  @Test
  void anotherRunningOperationOfTheServerIsSeenUntilItsLeaseExpires() {
    Server server = newServer(newAccount(), ServerStatus.RUNNING);
    Operation running = claimed(server, 801, T0);
    Operation waiting = queued(server, OperationKind.PURGE, 798, T0.plusSeconds(1));
    Operation later = queued(server, OperationKind.PURGE, 797, T0.plusSeconds(2));

    assertThat(
            inTransaction(
                () -> operations().othersRunning(server.id(), waiting.id(), T0.plusSeconds(5))))
        .isTrue();
    assertThat(
            inTransaction(
                () -> operations().othersRunning(server.id(), running.id(), T0.plusSeconds(5))))
        .isFalse();
    assertThat(
            inTransaction(
                () ->
                    operations()
                        .othersRunning(server.id(), waiting.id(), T0.plus(LEASE).plusSeconds(1))))
        .isFalse();
    assertThat(inTransaction(() -> operations().nextQueued(server.id(), running.id())))
        .hasValue(waiting.id());
    assertThat(inTransaction(() -> operations().nextQueued(server.id(), waiting.id())))
        .hasValue(later.id());
  }

  @Test
  void unendedOperationsAreFoundByServerAndBySnapshot() {
    Server server = newServer(newAccount(), ServerStatus.RUNNING);
    Operation running = claimed(server, 801, T0);
    Operation ended = claimed(server, 802, T0);
    inTransaction(
        () -> {
          Operation locked = operations().lock(ended.id()).orElseThrow();
          locked.succeed(locked.fence(), T0);
          operations().update(locked);
        });

    assertThat(inTransaction(() -> operations().lockUnendedOf(server.id())))
        .extracting(Operation::id)
        .containsExactly(running.id());
    assertThat(
            inTransaction(
                () ->
                    operations()
                        .busy(Set.of(new SnapshotId(801), new SnapshotId(802), new SnapshotId(9)))))
        .isSubsetOf(Set.of(new SnapshotId(801)))
        .contains(new SnapshotId(801));
  }

  @Test
  void theOperationsNeedingAttentionAreExpiredLeasesOverdueOnesAndLongQueuedOnes() {
    Server server = newServer(newAccount(), ServerStatus.RUNNING);
    Instant ancient = Instant.parse("2001-01-01T00:00:00Z");
    Operation expired = claimed(server, 801, ancient);
    Operation waiting = queued(server, OperationKind.PURGE, 798, ancient.plusSeconds(5));
    Server other = newServer(newAccount(), ServerStatus.RUNNING);
    Operation fresh = queued(other, OperationKind.PURGE, 797, T0);

    var found =
        inTransaction(
            () ->
                operations()
                    .needingAttention(ancient.plusSeconds(40), ancient.plusSeconds(6), 1000));

    assertThat(found).contains(expired.id(), waiting.id()).doesNotContain(fresh.id());
    assertThat(
            inTransaction(
                () -> operations().needingAttention(ancient.plusSeconds(1), ancient, 1000)))
        .doesNotContain(expired.id(), waiting.id());
  }

  @Test
  void customersSeeTheirOwnOperationsNewestFirst() {
    AccountId owner = newAccount();
    Server server = newServer(owner, ServerStatus.RUNNING);
    Server second = newServer(owner, ServerStatus.RUNNING);
    Operation first = queued(server, OperationKind.SNAPSHOT, 801, T0);
    Operation next = queued(server, OperationKind.RESTORE, 801, T0.plusSeconds(60));
    Operation elsewhere = queued(second, OperationKind.PURGE, 5, T0.plusSeconds(30));
    AccountId stranger = newAccount();

    assertThat(inTransaction(() -> operations().findOwned(owner, first.id()))).isPresent();
    assertThat(inTransaction(() -> operations().findOwned(stranger, first.id()))).isEmpty();
    var all =
        inTransaction(
            () -> operations().listOwned(owner, Optional.empty(), new PageRequest(1, 50)));
    assertThat(all.total()).isEqualTo(3);
    assertThat(all.items())
        .extracting(Operation::id)
        .containsExactly(next.id(), elsewhere.id(), first.id());
    var ofServer =
        inTransaction(
            () -> operations().listOwned(owner, Optional.of(server.id()), new PageRequest(1, 1)));
    assertThat(ofServer.total()).isEqualTo(2);
    assertThat(ofServer.items()).extracting(Operation::id).containsExactly(next.id());
  }

  @Test
  void theStoreHasAClockOfItsOwn() {
    Instant now = inTransaction(() -> operations().now());

    assertThat(now)
        .isCloseTo(
            Instant.now(),
            new org.assertj.core.data.TemporalUnitWithinOffset(1, ChronoUnit.MINUTES));
  }

  @Test
  void operationsAddedTogetherAreEachStoredAsTheyWere() {
    Server server = newServer(newAccount(), ServerStatus.RUNNING);
    List<Operation> added =
        inTransaction(
            () ->
                List.of(
                    Operation.queue(
                        operations().nextId(),
                        OperationKind.SNAPSHOT,
                        server.accountId(),
                        server.id(),
                        null,
                        new SnapshotId(901),
                        T0,
                        Duration.ofMinutes(30)),
                    Operation.queue(
                        operations().nextId(),
                        OperationKind.RESTORE,
                        server.accountId(),
                        server.id(),
                        null,
                        new SnapshotId(902),
                        T0.plusSeconds(1),
                        Duration.ofMinutes(5))));

    inTransaction(() -> operations().addAll(added));

    for (Operation operation : added) {
      Operation read = inTransaction(() -> operations().lock(operation.id()).orElseThrow());
      assertThat(read.stored()).usingRecursiveComparison().isEqualTo(operation.stored());
    }
  }
}
