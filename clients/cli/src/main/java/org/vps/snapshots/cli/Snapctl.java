package org.vps.snapshots.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code snapctl}: the Snapshots API from a terminal or a script. */
@Command(
    name = "snapctl",
    mixinStandardHelpOptions = true,
    versionProvider = Snapctl.Version.class,
    description = "Snapshots of your servers, from a terminal or a script.",
    subcommands = {
      ContextCommands.class,
      ServerCommands.class,
      SnapshotCommands.class,
      OperationCommands.class,
      AutoComplete.GenerateCompletion.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:the operation failed (its reason is printed)",
      "2:usage: a wrong option, or no context",
      "3:not found",
      "4:refused by a rule of the API (400, 409, 413, 422, 429)",
      "5:not authenticated, or the token's scope does not allow it",
      "6:the API answered 5xx or could not be reached"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  snapctl context create prod --url https://admin.vps.org --token \"$TOKEN\"",
      "  snapctl snapshot create --server 12345 --name before-update --wait",
      "  snapctl snapshot list --server 12345 -o json",
      "  source <(snapctl generate-completion)"
    })
public final class Snapctl implements Callable<Integer> {
  final Map<String, String> env;
  final InputStream in;
  final PrintStream out;
  final PrintStream err;
  final boolean terminal;

  @Spec CommandSpec spec;

  @Option(
      names = "--context",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      description =
          "The context to use for this command (default: SNAPCTL_CONTEXT, else the current one).")
  String context;

  @Option(
      names = "--poll-interval",
      scope = ScopeType.INHERIT,
      paramLabel = "MILLIS",
      defaultValue = "1000",
      description =
          "How often --wait asks for the operation's progress (default: ${DEFAULT-VALUE} ms).")
  long pollIntervalMillis;

  Snapctl(
      Map<String, String> env, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
    this.env = env;
    this.in = in;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, System.getenv(), System.in, out, err, System.console() != null));
  }

  /** Runs one command line; the exit code is one of those {@code --help} lists. */
  static int run(
      String[] args,
      Map<String, String> env,
      InputStream in,
      PrintStream out,
      PrintStream err,
      boolean terminal) {
    CommandLine line = new CommandLine(new Snapctl(env, in, out, err, terminal));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    line.setExecutionExceptionHandler(
        (exception, command, parsed) -> {
          if (exception instanceof CliFailure failure) {
            err.println("Error: " + failure.getMessage());
            return failure.exitCode();
          }
          err.println("Error: " + exception);
          if (env.containsKey("SNAPCTL_DEBUG")) {
            exception.printStackTrace(err);
          }
          return CliFailure.JOB_FAILED;
        });
    return line.execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(err);
    return CliFailure.USAGE;
  }

  Contexts contexts() {
    return new Contexts(env);
  }

  Api api() {
    return new Api(contexts().target(context), err);
  }

  Output output() {
    return new Output(out);
  }

  Waiter waiter(Api api) {
    return new Waiter(api, err, terminal, Duration.ofMillis(Math.max(50, pollIntervalMillis)));
  }

  /** The version in the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Snapctl.class.getPackage().getImplementationVersion();
      return new String[] {"snapctl " + (version == null ? "(development)" : version)};
    }
  }
}
