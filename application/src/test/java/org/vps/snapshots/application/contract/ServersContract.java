package org.vps.snapshots.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.port.Page;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerName;
import org.vps.snapshots.domain.snapshot.ServerStatus;

/** The contract of the {@code Servers} port. */
public abstract class ServersContract extends PortContract {

  @Test
  void aServerIsFoundByItsOwnerOnlyAndLockedByAnyone() {
    AccountId owner = newAccount();
    AccountId stranger = newAccount();
    Server server = newServer(owner, ServerStatus.RUNNING);

    assertThat(inTransaction(() -> ports().servers().findOwned(owner, server.id())))
        .hasValueSatisfying(found -> assertThat(found.name()).isEqualTo(server.name()));
    assertThat(inTransaction(() -> ports().servers().findOwned(stranger, server.id()))).isEmpty();
    assertThat(inTransaction(() -> ports().servers().lockOwned(stranger, server.id()))).isEmpty();
    assertThat(inTransaction(() -> ports().servers().lock(server.id()))).isPresent();
    assertThat(inTransaction(() -> ports().servers().exists(server.id()))).isTrue();
    assertThat(inTransaction(() -> ports().servers().exists(newServerId()))).isFalse();
  }

  @Test
  void aSecondServerWithAnIdInUseIsNotStoredAndTheFirstStaysAsItWas() {
    Server first = newServer(newAccount(), ServerStatus.RUNNING);
    Server second =
        Server.register(first.id(), newAccount(), new ServerName("impostor"), ServerStatus.STOPPED);

    assertThat(inTransaction(() -> ports().servers().add(second))).isFalse();

    Server stored = inTransaction(() -> ports().servers().lock(first.id())).orElseThrow();
    assertThat(stored.accountId()).isEqualTo(first.accountId());
    assertThat(stored.name()).isEqualTo(first.name());
  }

  @Test
  void anUpdateKeepsEveryFieldOfARestoringServer() {
    AccountId owner = newAccount();
    Server stored = newServer(owner, ServerStatus.STOPPED);
    Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Server restoring =
        Server.fromStorage(
            stored.id(),
            owner,
            new ServerName("renamed"),
            ServerStatus.RESTORING,
            new Host("kvm-7.dc1.example"),
            ServerStatus.STOPPED,
            new SnapshotId(77),
            startedAt);

    inTransaction(() -> ports().servers().update(restoring));

    Server read = inTransaction(() -> ports().servers().lock(stored.id())).orElseThrow();
    assertThat(read.name().value()).isEqualTo("renamed");
    assertThat(read.status()).isEqualTo(ServerStatus.RESTORING);
    assertThat(read.host()).contains(new Host("kvm-7.dc1.example"));
    assertThat(read.powerStateBeforeRestore()).contains(ServerStatus.STOPPED);
    assertThat(read.restoringFrom()).contains(new SnapshotId(77));
    assertThat(read.restoreStartedAt()).contains(startedAt);
  }

  @Test
  void withinOneTransactionAReadAfterAnUpdateSeesTheUpdate() {
    AccountId owner = newAccount();
    Server stored = newServer(owner, ServerStatus.RUNNING);

    Server read =
        inTransaction(
            () -> {
              Server before = ports().servers().findOwned(owner, stored.id()).orElseThrow();
              before.rename(new ServerName("after"));
              ports().servers().update(before);
              return ports().servers().findOwned(owner, stored.id()).orElseThrow();
            });

    assertThat(read.name().value()).isEqualTo("after");
  }

  @Test
  void listingPagesAnOwnersServersByIdAndCountsThemAll() {
    AccountId owner = newAccount();
    for (int i = 0; i < 3; i++) {
      newServer(owner, ServerStatus.RUNNING);
    }
    newServer(newAccount(), ServerStatus.RUNNING);

    Page<Server> first =
        inTransaction(() -> ports().servers().listOwned(owner, new PageRequest(1, 2)));
    Page<Server> second =
        inTransaction(() -> ports().servers().listOwned(owner, new PageRequest(2, 2)));

    assertThat(first.total()).isEqualTo(3);
    assertThat(first.items()).hasSize(2);
    assertThat(second.items()).hasSize(1);
    assertThat(first.items().get(0).id().value()).isLessThan(first.items().get(1).id().value());
    assertThat(first.items().get(1).id().value()).isLessThan(second.items().get(0).id().value());
  }

  @Test
  void theHostsAreThoseServersRunOnEachOnce() {
    Host first = new Host("kvm-" + System.nanoTime() + ".example");
    Host second = new Host("10.0.0." + (System.nanoTime() % 250 + 1));
    for (Host host : List.of(first, first, second)) {
      Server server = newServer(newAccount(), ServerStatus.RUNNING);
      server.moveTo(host);
      inTransaction(() -> ports().servers().update(server));
    }
    newServer(newAccount(), ServerStatus.RUNNING);

    Set<Host> hosts = inTransaction(() -> ports().servers().hosts());

    assertThat(hosts).contains(first, second).doesNotContainNull();
  }

  @Test
  void aRemovedServerIsGone() {
    Server server = newServer(newAccount(), ServerStatus.RUNNING);

    inTransaction(() -> ports().servers().remove(server.id()));

    assertThat(inTransaction(() -> ports().servers().lock(server.id()))).isEmpty();
  }

  @Test
  void serversLockedTogetherAreThoseTheirGivenAccountOwns() {
    AccountId owner = newAccount();
    Server mine = newServer(owner, ServerStatus.RUNNING);
    Server alsoMine = newServer(owner, ServerStatus.STOPPED);
    Server theirs = newServer(newAccount(), ServerStatus.RUNNING);
    Map<ServerId, AccountId> wanted =
        Map.of(mine.id(), owner, alsoMine.id(), owner, theirs.id(), owner, newServerId(), owner);

    Map<ServerId, Server> locked =
        inTransaction(() -> ports().servers().lockOwnedUnlessHeld(wanted));

    assertThat(locked).containsOnlyKeys(mine.id(), alsoMine.id());
    assertThat(locked.get(alsoMine.id()).status()).isEqualTo(ServerStatus.STOPPED);
    assertThat(locked.get(mine.id()).accountId()).isEqualTo(owner);
  }
}
