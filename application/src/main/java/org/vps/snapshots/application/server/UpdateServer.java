package org.vps.snapshots.application.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Objects;
import java.util.Optional;
import org.vps.snapshots.application.port.Servers;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.NotFoundException;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.snapshot.Server;
import org.vps.snapshots.domain.snapshot.ServerName;
import org.vps.snapshots.domain.snapshot.ServerStatus;

/** The platform tells of a server's new name, power state or host. */
@ApplicationScoped
public class UpdateServer {
  private final Servers servers;

  @Inject
  public UpdateServer(Servers servers) {
    this.servers = servers;
  }

  @Transactional
  public Server execute(Command command) {
    Server server =
        servers.lock(command.id()).orElseThrow(() -> NotFoundException.server(command.id()));
    command.status().ifPresent(server::changeStatus);
    command.name().ifPresent(server::rename);
    command.host().ifPresent(server::moveTo);
    servers.update(server);
    return server;
  }

  /** Change server {@code id}'s name, status, host, or any of them. */
  public record Command(
      ServerId id, Optional<ServerName> name, Optional<ServerStatus> status, Optional<Host> host) {
    public Command {
      Objects.requireNonNull(id);
      Objects.requireNonNull(name);
      Objects.requireNonNull(status);
      Objects.requireNonNull(host);
    }
  }
}
