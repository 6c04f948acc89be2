package org.vps.snapshots.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.vps.snapshots.cli.Output.Column;
import org.vps.snapshots.client.model.CreateSnapshot;
import org.vps.snapshots.client.model.CreatedSnapshot;
import org.vps.snapshots.client.model.RestoreStarted;
import org.vps.snapshots.client.model.Snapshot;
import org.vps.snapshots.client.model.SnapshotPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code snapctl snapshot ...}: list, show, create, restore and delete snapshots. */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = "List, show, create, restore and delete snapshots.",
    footerHeading = "%nExample:%n",
    footer = "  snapctl snapshot create --server 12345 --name before-update --wait")
final class SnapshotCommands {
  /** The refusals that end when the server's current operation ends. */
  private static final Set<String> BUSY = Set.of("operation_in_progress", "snapshot_busy");

  /** How long {@code --retry} waits out a busy server at most. */
  private static final Duration RETRY_FOR = Duration.ofMinutes(30);

  static final List<Column<Snapshot>> COLUMNS =
      List.of(
          new Column<>("ID", Snapshot::getId),
          new Column<>("NAME", Snapshot::getName),
          new Column<>("SERVER", s -> s.getServer() == null ? null : s.getServer().getId()),
          new Column<>("STATUS", s -> s.getStatus() == null ? null : s.getStatus().getValue()),
          new Column<>("PROGRESS", s -> s.getProgress() == null ? null : s.getProgress() + "%"),
          new Column<>("SIZE_MB", Snapshot::getSizeMb),
          new Column<>("CREATED", Snapshot::getCreatedAt));

  private static final List<Column<Snapshot>> FIELDS =
      List.of(
          new Column<>("id", Snapshot::getId),
          new Column<>("name", Snapshot::getName),
          new Column<>(
              "server",
              s ->
                  s.getServer() == null
                      ? null
                      : s.getServer().getId() + " " + s.getServer().getName()),
          new Column<>("status", s -> s.getStatus() == null ? null : s.getStatus().getValue()),
          new Column<>("progress", s -> s.getProgress() == null ? null : s.getProgress() + "%"),
          new Column<>("size_mb", Snapshot::getSizeMb),
          new Column<>("created_at", Snapshot::getCreatedAt),
          new Column<>("completed_at", Snapshot::getCompletedAt),
          new Column<>("description", Snapshot::getDescription),
          new Column<>("labels", Snapshot::getLabels),
          new Column<>("error", Snapshot::getError));

  private static final List<Column<CreatedSnapshot>> CREATED =
      List.of(
          new Column<>("id", CreatedSnapshot::getId),
          new Column<>("name", CreatedSnapshot::getName),
          new Column<>("server", s -> s.getServer() == null ? null : s.getServer().getId()),
          new Column<>("status", s -> s.getStatus() == null ? null : s.getStatus().getValue()),
          new Column<>(
              "operation", s -> s.getOperation() == null ? null : s.getOperation().getId()),
          new Column<>("message", CreatedSnapshot::getMessage));

  private static final List<Column<RestoreStarted>> RESTORE =
      List.of(
          new Column<>("snapshot", r -> r.getSnapshot() == null ? null : r.getSnapshot().getId()),
          new Column<>("server", r -> r.getServer() == null ? null : r.getServer().getId()),
          new Column<>(
              "operation", r -> r.getOperation() == null ? null : r.getOperation().getId()),
          new Column<>("message", RestoreStarted::getMessage));

  @ParentCommand Snapctl root;

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The account's snapshots, newest first, a page at a time or all of them.",
      footerHeading = "%nExample:%n",
      footer = "  snapctl snapshot list --server 12345 --status completed -o json")
  int list(
      @Option(names = "--server", paramLabel = "ID", description = "Only this server's.")
          Long server,
      @Option(names = "--status", description = "Only these: in_progress, completed or failed.")
          String status,
      @Option(
              names = {"-l", "--selector"},
              description = "Only those whose labels match, e.g. env=prod,tier!=db.")
          String selector,
      @Mixin Options.Paging paging,
      @Mixin Options.Format output) {
    Api api = root.api();
    List<Snapshot> snapshots =
        api.pages(
            number ->
                api.snapshots().listSnapshots(server, status, number, paging.pageSize, selector),
            SnapshotPage::getResults,
            SnapshotPage::getNext,
            paging.page,
            paging.all);
    root.output().list(output.format, snapshots, COLUMNS);
    return 0;
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "One snapshot.",
      footerHeading = "%nExample:%n",
      footer = "  snapctl snapshot get 802 -o yaml")
  int get(
      @Parameters(paramLabel = "ID", description = "The snapshot.") long id,
      @Mixin Options.Format output) {
    Api api = root.api();
    root.output().one(output.format, api.call(() -> api.snapshots().getSnapshot(id)), FIELDS);
    return 0;
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Start a snapshot of a server; with --wait, follow it to the end.",
        "The request carries an Idempotency-Key, the same on every retry of a failed connection:"
            + " pass your own with --idempotency-key to make a re-run command safe as well."
      },
      footerHeading = "%nExample:%n",
      footer =
          "  snapctl snapshot create --server 12345 --name before-update --description \"Before the upgrade\" --wait")
  int create(
      @Option(names = "--server", required = true, paramLabel = "ID", description = "The server.")
          long server,
      @Option(names = "--name", required = true, description = "1-64 of A-Za-z0-9_-.") String name,
      @Option(names = "--description", description = "Up to 500 characters.") String description,
      @Option(
              names = "--label",
              paramLabel = "KEY=VALUE",
              description = "A label; repeat for more.")
          Map<String, String> labels,
      @Option(names = "--wait", description = "Follow the snapshot until it completes or fails.")
          boolean wait,
      @Mixin Options.Starting starting,
      @Mixin Options.Format output) {
    Api api = root.api();
    CreateSnapshot request =
        new CreateSnapshot()
            .serverId(server)
            .name(name)
            .description(description)
            .labels(labels == null ? null : new LinkedHashMap<>(labels));
    String key = starting.key();
    CreatedSnapshot created =
        retrying(
            starting.retry, () -> api.call(() -> api.snapshots().createSnapshot(request, key)));
    if (!wait) {
      root.output().one(output.format, created, CREATED);
      return 0;
    }
    root.waiter(api).await(created.getOperation().getId());
    root.output()
        .one(output.format, api.call(() -> api.snapshots().getSnapshot(created.getId())), FIELDS);
    return 0;
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description = {
        "Restore a server from one of its completed snapshots: the server's disk becomes the snapshot's.",
        "The request carries an Idempotency-Key, the same on every retry of a failed connection."
      },
      footerHeading = "%nExample:%n",
      footer = "  snapctl snapshot restore 801 --wait")
  int restore(
      @Parameters(paramLabel = "ID", description = "The snapshot.") long id,
      @Option(names = "--wait", description = "Follow the restore until it completes or fails.")
          boolean wait,
      @Mixin Options.Starting starting,
      @Mixin Options.Format output) {
    Api api = root.api();
    String key = starting.key();
    RestoreStarted started =
        retrying(starting.retry, () -> api.call(() -> api.snapshots().restoreSnapshot(id, key)));
    if (wait) {
      root.waiter(api).await(started.getOperation().getId());
    }
    root.output().one(output.format, started, RESTORE);
    return 0;
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a snapshot; asks first on a terminal, and needs --yes elsewhere.",
      footerHeading = "%nExample:%n",
      footer = "  snapctl snapshot delete 798 --yes")
  int delete(
      @Parameters(paramLabel = "ID", description = "The snapshot.") long id,
      @Option(
              names = {"-y", "--yes"},
              description = "Do not ask.")
          boolean yes,
      @Option(
              names = "--retry",
              description = "While the snapshot is busy, wait as the API says and try again.")
          boolean retry) {
    Api api = root.api();
    if (!yes) {
      confirm(api, id);
    }
    retrying(
        retry,
        () ->
            api.call(
                () -> {
                  api.snapshots().deleteSnapshot(id);
                  return id;
                }));
    root.err.println("snapshot " + id + " deleted");
    return 0;
  }

  private void confirm(Api api, long id) {
    if (!root.terminal) {
      throw new CliFailure(CliFailure.USAGE, "not on a terminal: confirm with --yes");
    }
    Snapshot snapshot = api.call(() -> api.snapshots().getSnapshot(id));
    root.err.printf("Delete snapshot %d (%s)? [y/N] ", id, snapshot.getName());
    root.err.flush();
    try {
      String answer =
          new BufferedReader(new InputStreamReader(root.in, StandardCharsets.UTF_8)).readLine();
      if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
        throw new CliFailure(CliFailure.USAGE, "not deleted");
      }
    } catch (IOException e) {
      throw new CliFailure(CliFailure.USAGE, "not deleted: " + e.getMessage());
    }
  }

  /** Sends the request; with {@code retry}, waits out a busy server as the API asks. */
  private <T> T retrying(boolean retry, Supplier<T> request) {
    Instant giveUp = Instant.now().plus(RETRY_FOR);
    while (true) {
      try {
        return request.get();
      } catch (CliFailure refused) {
        if (!retry
            || !refused.problemCode().map(BUSY::contains).orElse(false)
            || Instant.now().isAfter(giveUp)) {
          throw refused;
        }
        Duration wait = refused.retryAfter().orElse(Duration.ofSeconds(5));
        root.err.printf(
            "%s; trying again in %d s%n",
            refused.getMessage().lines().findFirst().orElse(""), wait.toSeconds());
        Api.pause(wait);
      }
    }
  }
}
