package org.vps.snapshots.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vps.snapshots.cli.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code snapctl context ...}: the APIs and tokens that snapctl knows, by name. */
@Command(
    name = "context",
    mixinStandardHelpOptions = true,
    description = {
      "Named APIs and their tokens, kept in ~/.config/snapctl/config.toml (readable by you only;"
          + " SNAPCTL_CONFIG_DIR or XDG_CONFIG_HOME move it).",
      "SNAPCTL_URL and SNAPCTL_TOKEN override the context's URL and token."
    },
    footerHeading = "%nExample:%n",
    footer = "  snapctl context create prod --url https://admin.vps.org --token \"$TOKEN\"")
final class ContextCommands {
  /** A context as {@code context list} shows it: never its token. */
  record Listed(String name, String url, boolean current) {}

  private static final List<Column<Listed>> COLUMNS =
      List.of(
          new Column<>("CURRENT", c -> c.current() ? "*" : ""),
          new Column<>("NAME", Listed::name),
          new Column<>("URL", Listed::url));

  @ParentCommand Snapctl root;

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Add a context, or replace the one of that name; the first becomes current.",
      footerHeading = "%nExample:%n",
      footer = "  snapctl context create prod --url https://admin.vps.org --token \"$TOKEN\" --use")
  int create(
      @Parameters(paramLabel = "NAME", description = "Its name.") String name,
      @Option(
              names = "--url",
              required = true,
              description = "The API, e.g. https://admin.vps.org.")
          String url,
      @Option(names = "--token", required = true, description = "An API token of the account.")
          String token,
      @Option(names = "--use", description = "Make it the current context.") boolean use) {
    Contexts contexts = root.contexts();
    contexts.create(name, url, token, use);
    root.err.println("context " + name + " saved in " + contexts.file());
    return 0;
  }

  @Command(
      name = "use",
      mixinStandardHelpOptions = true,
      description = "Make a context the current one.",
      footerHeading = "%nExample:%n",
      footer = "  snapctl context use staging")
  int use(@Parameters(paramLabel = "NAME", description = "The context.") String name) {
    root.contexts().use(name);
    return 0;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The contexts, the current one marked; never their tokens.",
      footerHeading = "%nExample:%n",
      footer = "  snapctl context list -o json")
  int list(@Mixin Options.Format output) {
    Contexts.Config config = root.contexts().read();
    List<Listed> listed = new ArrayList<>();
    for (Map.Entry<String, Contexts.Context> context : config.contexts().entrySet()) {
      listed.add(
          new Listed(
              context.getKey(),
              context.getValue().url(),
              context.getKey().equals(config.current())));
    }
    root.output().list(output.format, listed, COLUMNS);
    return 0;
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Forget a context and its token.",
      footerHeading = "%nExample:%n",
      footer = "  snapctl context delete staging")
  int delete(@Parameters(paramLabel = "NAME", description = "The context.") String name) {
    root.contexts().delete(name);
    return 0;
  }
}
