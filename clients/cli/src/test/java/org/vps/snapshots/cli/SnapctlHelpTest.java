package org.vps.snapshots.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command explains itself with an example, and the shells can complete them. */
class SnapctlHelpTest {

  @Test
  void everyCommandsHelpEndsWithAnExample() {
    List<List<String>> commands = new ArrayList<>();
    collect(
        new CommandLine(
            new Snapctl(Map.of(), InputStream.nullInputStream(), System.out, System.err, false)),
        List.of(),
        commands);

    assertThat(commands).hasSizeGreaterThan(15);
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      String[] printed = run(args.toArray(String[]::new));
      assertThat(printed[0]).as(String.join(" ", args)).startsWith("0");
      assertThat(printed[1]).as(String.join(" ", args)).containsPattern("Examples?:\\R  snapctl ");
    }
  }

  @Test
  void theCompletionScriptCompletesEveryCommand() {
    String[] printed = run("generate-completion");

    assertThat(printed[0]).startsWith("0");
    assertThat(printed[1])
        .contains("complete -F")
        .contains("context")
        .contains("snapshot")
        .contains("restore");
  }

  @Test
  void aMistypedCommandIsAUsageError() {
    String[] printed = run("snapshot", "lst");

    assertThat(printed[0]).startsWith("2");
    assertThat(printed[2]).contains("Did you mean: snapshot list");
  }

  private static void collect(CommandLine line, List<String> path, List<List<String>> into) {
    if (!line.getCommandSpec().usageMessage().hidden()
        && !"generate-completion".equals(line.getCommandName())) {
      into.add(path);
    }
    line.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getCommandName().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, into);
              }
            });
  }

  /** The exit code, standard output and standard error of one command line. */
  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Snapctl.run(
            args,
            Map.of("SNAPCTL_CONFIG_DIR", "target/no-config"),
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false);
    return new String[] {
      Integer.toString(code),
      out.toString(StandardCharsets.UTF_8),
      err.toString(StandardCharsets.UTF_8)
    };
  }
}
