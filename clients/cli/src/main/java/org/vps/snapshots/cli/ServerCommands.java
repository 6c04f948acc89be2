package org.vps.snapshots.cli;

import java.util.List;
import org.vps.snapshots.cli.Output.Column;
import org.vps.snapshots.client.model.Server;
import org.vps.snapshots.client.model.ServerPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code snapctl server ...}: the account's servers. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "The servers of the account that the token belongs to.",
    footerHeading = "%nExample:%n",
    footer = "  snapctl server list")
final class ServerCommands {
  private static final List<Column<Server>> COLUMNS =
      List.of(
          new Column<>("ID", Server::getId),
          new Column<>("NAME", Server::getName),
          new Column<>("STATUS", Server::getStatus));

  @ParentCommand Snapctl root;

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The account's servers.",
      footerHeading = "%nExample:%n",
      footer = "  snapctl server list --all -o json")
  int list(@Mixin Options.Paging paging, @Mixin Options.Format output) {
    Api api = root.api();
    List<Server> servers =
        api.pages(
            number -> api.servers().listServers(number, paging.pageSize),
            ServerPage::getResults,
            ServerPage::getNext,
            paging.page,
            paging.all);
    root.output().list(output.format, servers, COLUMNS);
    return 0;
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "One server.",
      footerHeading = "%nExample:%n",
      footer = "  snapctl server get 12345")
  int get(
      @Parameters(paramLabel = "ID", description = "The server.") long id,
      @Mixin Options.Format output) {
    Api api = root.api();
    root.output().one(output.format, api.call(() -> api.servers().getServer(id)), COLUMNS);
    return 0;
  }
}
