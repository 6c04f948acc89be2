package org.vps.snapshots.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.application.access.IssuedToken;
import org.vps.snapshots.application.port.TokenScope;
import org.vps.snapshots.application.server.UpdateServer;
import org.vps.snapshots.application.snapshot.RestoreSnapshot;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.AlreadyExistsException;
import org.vps.snapshots.domain.InvalidValueException;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.event.SnapshotDeleted;
import org.vps.snapshots.domain.snapshot.ServerName;
import org.vps.snapshots.domain.snapshot.ServerStatus;
import org.vps.snapshots.domain.snapshot.StateConflictException;

class OperatorTest {
  final UseCases app = new UseCases();
  final AccountId acme = app.account("acme");

  @Test
  void aTokenAuthenticatesItsAccountWithItsScopeUntilRevoked() {
    IssuedToken write = app.issueToken.execute(acme, TokenScope.WRITE);
    IssuedToken read = app.issueToken.execute(acme, TokenScope.READ);

    assertThat(write.secret()).startsWith("snp_").hasSizeGreaterThan(40);
    assertThat(app.authenticateCaller.execute(write.secret()))
        .hasValueSatisfying(c -> assertThat(c.mayWrite()).isTrue());
    assertThat(app.authenticateCaller.execute(read.secret()))
        .hasValueSatisfying(
            c -> {
              assertThat(c.accountId()).isEqualTo(acme);
              assertThat(c.mayWrite()).isFalse();
            });

    app.revokeToken.execute(write.id());
    assertThat(app.authenticateCaller.execute(write.secret())).isEmpty();
    assertThat(app.authenticateCaller.execute(read.secret())).isPresent();
  }

  @Test
  void unknownOrMalformedTokensAuthenticateNoOne() {
    assertThat(app.authenticateCaller.execute("snp_unknown")).isEmpty();
    assertThat(app.authenticateCaller.execute("")).isEmpty();
    assertThat(app.authenticateCaller.execute(null)).isEmpty();
    assertThat(app.authenticateCaller.execute("x".repeat(10_000))).isEmpty();
  }

  @Test
  void tokensAreRandomAndOnlyForExistingAccounts() {
    assertThat(app.issueToken.execute(acme, TokenScope.READ).secret())
        .isNotEqualTo(app.issueToken.execute(acme, TokenScope.READ).secret());
    assertThatThrownBy(() -> app.issueToken.execute(new AccountId(424242), TokenScope.READ))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> app.revokeToken.execute(424242)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aServerIsRegisteredOnceForAnExistingAccount() {
    app.server(acme, 12345, ServerStatus.RUNNING);

    assertThatThrownBy(() -> app.server(acme, 12345, ServerStatus.RUNNING))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> app.server(new AccountId(424242), 1, ServerStatus.RUNNING))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("account_id"));
  }

  @Test
  void thePlatformRenamesAndMovesServersButNotWhileTheyRestore() {
    ServerId web = app.server(acme, 12345, ServerStatus.RUNNING);
    app.updateServer.execute(
        new UpdateServer.Command(
            web,
            Optional.of(new ServerName("web-02")),
            Optional.of(ServerStatus.STOPPED),
            Optional.empty()));
    assertThat(app.store.storedServer(web).name().value()).isEqualTo("web-02");
    assertThat(app.store.storedServer(web).status()).isEqualTo(ServerStatus.STOPPED);

    SnapshotId snapshot = app.completed(acme, web, "s");
    app.restoreSnapshot.execute(new RestoreSnapshot.Command(acme, snapshot));

    assertThatThrownBy(
            () ->
                app.updateServer.execute(
                    new UpdateServer.Command(
                        web,
                        Optional.empty(),
                        Optional.of(ServerStatus.RUNNING),
                        Optional.empty())))
        .isInstanceOf(StateConflictException.class);
    assertThatThrownBy(
            () ->
                app.updateServer.execute(
                    new UpdateServer.Command(
                        new ServerId(424242),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty())))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void removingAServerDeletesItsSnapshotsAndTellsEachDeletion() {
    ServerId web = app.server(acme, 12345, ServerStatus.RUNNING);
    SnapshotId a = app.completed(acme, web, "a");
    SnapshotId b = app.completed(acme, web, "b");

    app.removeServer.execute(web);

    assertThat(app.store.storedSnapshot(a)).isEmpty();
    assertThat(app.store.storedSnapshot(b)).isEmpty();
    assertThat(app.store.servers.exists(web)).isFalse();
    assertThat(app.store.publishedEvents())
        .filteredOn(SnapshotDeleted.class::isInstance)
        .extracting(e -> e.snapshotId())
        .containsExactlyInAnyOrder(a, b);
  }
}
