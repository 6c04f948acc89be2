package org.vps.snapshots.application.contract;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.vps.snapshots.application.port.AccountName;
import org.vps.snapshots.application.port.Accounts;
import org.vps.snapshots.application.port.ApiTokens;
import org.vps.snapshots.application.port.IdempotencyRecords;
import org.vps.snapshots.application.port.Operations;
import org.vps.snapshots.application.port.Outbox;
import org.vps.snapshots.application.port.Schedules;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.application.port.SnapshotQueries;
import org.vps.snapshots.application.port.Snapshots;
import org.vps.snapshots.application.port.WebhookDeliveries;
import org.vps.snapshots.application.port.WebhookEndpoints;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.snapshot.Consistency;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerName;
import org.vps.snapshots.domain.snapshot.ServerStatus;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotName;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;

/**
 * What every implementation of the persistence ports must do, whether it is the in-memory fake or
 * the PostgreSQL adapter. Each test makes its own account and servers, so runs may share a
 * database.
 */
public abstract class PortContract {

  /** The ports under test. */
  public record Ports(
      Accounts accounts,
      ApiTokens apiTokens,
      Servers servers,
      Snapshots snapshots,
      SnapshotQueries snapshotQueries,
      IdempotencyRecords idempotencyRecords,
      Outbox outbox,
      Operations operations,
      WebhookEndpoints webhookEndpoints,
      WebhookDeliveries webhookDeliveries,
      Schedules schedules) {}

  /** How a binding of the contract reaches its ports and commits its transactions. */
  public interface Harness {
    Ports ports();

    /** Runs {@code work} in a transaction of its own and commits it. */
    <T> T inTransaction(Supplier<T> work);
  }

  protected abstract Harness harness();

  protected Ports ports() {
    return harness().ports();
  }

  protected <T> T inTransaction(Supplier<T> work) {
    return harness().inTransaction(work);
  }

  protected void inTransaction(Runnable work) {
    inTransaction(
        () -> {
          work.run();
          return null;
        });
  }

  protected AccountId newAccount() {
    return inTransaction(() -> ports().accounts().add(new AccountName("contract")));
  }

  protected static ServerId newServerId() {
    return new ServerId(ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE));
  }

  protected Server newServer(AccountId owner, ServerStatus status) {
    Server server =
        Server.register(newServerId(), owner, new ServerName("contract-server"), status);
    inTransaction(() -> ports().servers().add(server));
    return server;
  }

  /** A stored snapshot in the given state, created at {@code createdAt}. */
  protected Snapshot newSnapshot(
      Server server, String name, SnapshotStatus status, Instant createdAt) {
    return newSnapshot(
        server,
        name,
        status,
        createdAt,
        new Labels(Map.of("made-by", "contract", "status", status.code())));
  }

  /** A stored snapshot in the given state and with these labels, created at {@code createdAt}. */
  protected Snapshot newSnapshot(
      Server server, String name, SnapshotStatus status, Instant createdAt, Labels labels) {
    Snapshot snapshot = unstoredSnapshot(server, name, status, createdAt, labels);
    inTransaction(() -> ports().snapshots().add(snapshot));
    return snapshot;
  }

  /** A snapshot as {@link #newSnapshot} makes it, with its id drawn but not yet stored. */
  protected Snapshot unstoredSnapshot(
      Server server, String name, SnapshotStatus status, Instant createdAt, Labels labels) {
    return inTransaction(
        () ->
            Snapshot.fromStorage(
                ports().snapshots().nextId(),
                server.accountId(),
                server.id(),
                new SnapshotName(name),
                new Description("contract " + name),
                createdAt.truncatedTo(ChronoUnit.MICROS),
                status,
                status == SnapshotStatus.COMPLETED ? 5120L : null,
                status == SnapshotStatus.COMPLETED ? Consistency.QUIESCED : null,
                status == SnapshotStatus.COMPLETED ? 100 : 10,
                status == SnapshotStatus.FAILED ? "broken disk" : null,
                status == SnapshotStatus.IN_PROGRESS
                    ? null
                    : createdAt.plusSeconds(60).truncatedTo(ChronoUnit.MICROS),
                labels,
                status == SnapshotStatus.COMPLETED,
                null));
  }
}
