package org.vps.snapshots.cli;

import java.util.List;
import org.vps.snapshots.cli.Output.Column;
import org.vps.snapshots.client.model.Operation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code snapctl operation ...}: the jobs behind creates, restores and deletes. */
@Command(
    name = "operation",
    mixinStandardHelpOptions = true,
    description = "The long-running jobs behind creates, restores and deletes.",
    footerHeading = "%nExample:%n",
    footer = "  snapctl operation get 9001")
final class OperationCommands {
  private static final List<Column<Operation>> FIELDS =
      List.of(
          new Column<>("id", Operation::getId),
          new Column<>("kind", o -> o.getKind() == null ? null : o.getKind().getValue()),
          new Column<>("status", o -> o.getStatus() == null ? null : o.getStatus().getValue()),
          new Column<>("progress", o -> o.getProgress() == null ? null : o.getProgress() + "%"),
          new Column<>("server", Operation::getServerId),
          new Column<>("snapshot", Operation::getSnapshotId),
          new Column<>("attempt", Operation::getAttempt),
          new Column<>("created_at", Operation::getCreatedAt),
          new Column<>("started_at", Operation::getStartedAt),
          new Column<>("finished_at", Operation::getFinishedAt),
          new Column<>("error", Operation::getError));

  @ParentCommand Snapctl root;

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "One operation: its status, progress and, when it failed, why.",
      footerHeading = "%nExample:%n",
      footer = "  snapctl operation get 9001 -o json")
  int get(
      @Parameters(paramLabel = "ID", description = "The operation.") long id,
      @Mixin Options.Format output) {
    Api api = root.api();
    root.output().one(output.format, api.call(() -> api.operations().getOperation(id)), FIELDS);
    return 0;
  }

  @Command(
      name = "wait",
      mixinStandardHelpOptions = true,
      description = "Follow an operation until it ends; exits 1 with its reason when it fails.",
      footerHeading = "%nExample:%n",
      footer = "  snapctl operation wait 9001")
  int await(
      @Parameters(paramLabel = "ID", description = "The operation.") long id,
      @Mixin Options.Format output) {
    Api api = root.api();
    root.output().one(output.format, root.waiter(api).await(id), FIELDS);
    return 0;
  }
}
