package org.vps.snapshots.application.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Objects;
import java.util.Optional;
import org.vps.snapshots.application.port.Accounts;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.AlreadyExistsException;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.InvalidValueException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerName;
import org.vps.snapshots.domain.snapshot.ServerStatus;

/** The platform tells of a server it provisioned for an account. */
@ApplicationScoped
public class RegisterServer {
  private final Accounts accounts;
  private final Servers servers;

  @Inject
  public RegisterServer(Accounts accounts, Servers servers) {
    this.accounts = accounts;
    this.servers = servers;
  }

  @Transactional
  public Server execute(Command command) {
    if (!accounts.exists(command.owner())) {
      throw new InvalidValueException(
          "account_id", "Account " + command.owner().value() + " does not exist.");
    }
    Server server =
        Server.register(command.id(), command.owner(), command.name(), command.status());
    command.host().ifPresent(server::moveTo);
    if (!servers.add(server)) {
      throw AlreadyExistsException.server(command.id());
    }
    return server;
  }

  /** Register server {@code id} of account {@code owner}, running on {@code host} if given. */
  public record Command(
      ServerId id, AccountId owner, ServerName name, ServerStatus status, Optional<Host> host) {
    public Command {
      Objects.requireNonNull(id);
      Objects.requireNonNull(owner);
      Objects.requireNonNull(name);
      Objects.requireNonNull(status);
      Objects.requireNonNull(host);
    }

    /** A server of a backend with one host. */
    public Command(ServerId id, AccountId owner, ServerName name, ServerStatus status) {
      this(id, owner, name, status, Optional.empty());
    }
  }
}
