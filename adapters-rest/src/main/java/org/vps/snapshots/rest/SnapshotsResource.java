package org.vps.snapshots.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Optional;
import org.vps.snapshots.application.port.Caller;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.port.SnapshotFilter;
import org.vps.snapshots.application.snapshot.CreateSnapshot;
import org.vps.snapshots.application.snapshot.CreateSnapshotsTogether;
import org.vps.snapshots.application.snapshot.DeleteSnapshot;
import org.vps.snapshots.application.snapshot.EditSnapshot;
import org.vps.snapshots.application.snapshot.GetSnapshot;
import org.vps.snapshots.application.snapshot.ListSnapshots;
import org.vps.snapshots.application.snapshot.RestoreSnapshot;
import org.vps.snapshots.application.snapshot.WatchSnapshot;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.LabelSelector;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.SnapshotId;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.snapshot.Snapshot;
import org.vps.snapshots.domain.snapshot.SnapshotName;
import org.vps.snapshots.domain.snapshot.SnapshotStatus;

/** The customer's Snapshots API. */
@Path("/api/v1/snapshots")
@Produces(MediaType.APPLICATION_JSON)
public class SnapshotsResource {
  private final CurrentCaller caller;
  private final ListSnapshots listSnapshots;
  private final GetSnapshot getSnapshot;
  private final CreateSnapshot createSnapshot;
  private final CreateSnapshotsTogether createSnapshotsTogether;
  private final RestoreSnapshot restoreSnapshot;
  private final DeleteSnapshot deleteSnapshot;
  private final EditSnapshot editSnapshot;
  private final IdempotentCommands commands;
  private final WatchSnapshot watchSnapshot;
  private final ObjectMapper json;

  @Inject
  public SnapshotsResource(
      CurrentCaller caller,
      ListSnapshots listSnapshots,
      GetSnapshot getSnapshot,
      CreateSnapshot createSnapshot,
      CreateSnapshotsTogether createSnapshotsTogether,
      RestoreSnapshot restoreSnapshot,
      DeleteSnapshot deleteSnapshot,
      EditSnapshot editSnapshot,
      IdempotentCommands commands,
      WatchSnapshot watchSnapshot,
      ObjectMapper json) {
    this.caller = caller;
    this.listSnapshots = listSnapshots;
    this.getSnapshot = getSnapshot;
    this.createSnapshot = createSnapshot;
    this.createSnapshotsTogether = createSnapshotsTogether;
    this.restoreSnapshot = restoreSnapshot;
    this.deleteSnapshot = deleteSnapshot;
    this.editSnapshot = editSnapshot;
    this.commands = commands;
    this.watchSnapshot = watchSnapshot;
    this.json = json;
  }

  @GET
  public Json.PageJson<Json.SnapshotJson> list(
      @QueryParam("server_id") String serverId,
      @QueryParam("status") String status,
      @QueryParam("page") String page,
      @QueryParam("page_size") String pageSize,
      @QueryParam("label_selector") String labelSelector,
      @Context UriInfo uri) {
    FieldErrors errors = new FieldErrors();
    Long server = QueryValues.positiveLong("server_id", serverId, errors);
    LabelSelector selector =
        labelSelector == null || labelSelector.isBlank()
            ? null
            : errors.check("label_selector", () -> LabelSelector.parse(labelSelector));
    Optional<SnapshotStatus> wantedStatus = Optional.empty();
    if (status != null) {
      wantedStatus = SnapshotStatus.fromCode(status);
      if (wantedStatus.isEmpty()) {
        errors.add("status", "Select one of in_progress, completed, failed.");
      }
    }
    PageRequest pageRequest = Pagination.request(page, pageSize, errors);
    errors.throwIfAny();
    SnapshotFilter filter =
        new SnapshotFilter(
            caller.get().accountId(),
            Optional.ofNullable(server).map(ServerId::new),
            wantedStatus,
            Optional.ofNullable(selector));
    return Pagination.page(
        listSnapshots.execute(filter, pageRequest), pageRequest, uri, Json.SnapshotJson::of);
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response create(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(IdempotentCommands.HEADER) String idempotencyKey,
      String rawBody) {
    Caller owner = caller.get();
    JsonBody body = JsonBody.require(contentType, rawBody);
    FieldErrors errors = new FieldErrors();
    ServerId server = body.requiredLong("server_id", errors, ServerId::new);
    SnapshotName name = body.requiredString("name", errors, SnapshotName::new);
    String rawDescription = body.optionalString("description", errors);
    Description description = errors.check("description", () -> new Description(rawDescription));
    Labels labels = body.optionalLabels("labels", errors);
    errors.throwIfAny();
    var command = new CreateSnapshot.Command(owner.accountId(), server, name, description, labels);
    return commands.run(
        owner,
        idempotencyKey,
        // What the request means, not its bytes: key order, spacing and ignored fields do not
        // count.
        "POST /api/v1/snapshots\nserver_id="
            + server.value()
            + "\nname="
            + name.value()
            + "\ndescription="
            + description.value()
            + (labels == null ? "" : "\nlabels=" + labels.values()),
        () -> {
          // Within an idempotency key's transaction the create joins it; otherwise it may share
          // one with the creates that arrive beside it.
          CreateSnapshot.Started created =
              idempotencyKey == null
                  ? createSnapshotsTogether.execute(command)
                  : createSnapshot.execute(command);
          return new IdempotentCommands.Answer(
              201,
              Json.SnapshotJson.of(
                  created.snapshot(),
                  Json.SNAPSHOT_STARTED,
                  Json.OperationRef.of(created.operation())));
        });
  }

  @GET
  @Path("{snapshotId}")
  public Json.SnapshotJson get(@PathParam("snapshotId") String snapshotId) {
    return Json.SnapshotJson.of(
        getSnapshot.execute(caller.get().accountId(), snapshotId(snapshotId)));
  }

  /**
   * Renames a snapshot, or changes its description, labels (replaced as a whole) or protection;
   * fields left out stay as they are.
   */
  @PATCH
  @Path("{snapshotId}")
  @Consumes(MediaType.WILDCARD)
  public Json.SnapshotJson edit(
      @PathParam("snapshotId") String snapshotId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String rawBody) {
    SnapshotId id = snapshotId(snapshotId);
    JsonBody body = JsonBody.require(contentType, rawBody);
    FieldErrors errors = new FieldErrors();
    for (String field : body.fieldNames()) {
      if (!EDITABLE.contains(field)) {
        errors.add(
            field, "Unknown field; a snapshot's " + String.join(", ", EDITABLE) + " change.");
      }
    }
    if (body.fieldNames().isEmpty()) {
      errors.add("non_field_errors", "Give at least one of " + String.join(", ", EDITABLE) + ".");
    }
    Optional<SnapshotName> name =
        Optional.ofNullable(
            body.has("name") ? body.requiredString("name", errors, SnapshotName::new) : null);
    Optional<Description> description =
        Optional.ofNullable(
            body.has("description")
                ? body.requiredString("description", errors, Description::new)
                : null);
    Optional<Labels> labels = Optional.ofNullable(body.optionalLabels("labels", errors));
    JsonBody protection =
        body.optionalObject("protection", "Expected an object such as {\"delete\": true}.", errors);
    Optional<Boolean> deleteProtected =
        Optional.ofNullable(
            protection == null ? null : protection.optionalBoolean("delete", errors));
    if (protection != null && deleteProtected.isEmpty() && !protection.has("delete")) {
      errors.add("protection", "Give {\"delete\": true} or {\"delete\": false}.");
    }
    errors.throwIfAny();
    return Json.SnapshotJson.of(
        editSnapshot.execute(
            new EditSnapshot.Command(
                caller.get().accountId(),
                id,
                new Snapshot.Edit(name, description, labels, deleteProtected))));
  }

  private static final List<String> EDITABLE =
      List.of("name", "description", "labels", "protection");

  /**
   * The snapshot's state as Server-Sent Events: at once, then at every change of its status or
   * progress or of its operation's, on whichever node it happens; the stream ends when they settle.
   */
  @GET
  @Path("{snapshotId}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void events(
      @PathParam("snapshotId") String snapshotId, @Context SseEventSink sink, @Context Sse sse) {
    AccountId owner = caller.get().accountId();
    SnapshotId id = snapshotId(snapshotId);
    WatchSnapshot.State now = watchSnapshot.require(owner, id);
    new SnapshotStream(watchSnapshot, owner, id, sink, sse, json).start(now);
  }

  @POST
  @Path("{snapshotId}/restore")
  @Consumes(MediaType.WILDCARD)
  public Response restore(
      @PathParam("snapshotId") String snapshotId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @HeaderParam(IdempotentCommands.HEADER) String idempotencyKey,
      String rawBody) {
    Caller owner = caller.get();
    SnapshotId id = snapshotId(snapshotId);
    JsonBody.optional(contentType, rawBody);
    var command = new RestoreSnapshot.Command(owner.accountId(), id);
    return commands.run(
        owner,
        idempotencyKey,
        "POST /api/v1/snapshots/" + id.value() + "/restore",
        () -> new IdempotentCommands.Answer(200, restored(restoreSnapshot.execute(command))));
  }

  @DELETE
  @Path("{snapshotId}")
  public Response delete(@PathParam("snapshotId") String snapshotId) {
    deleteSnapshot.execute(
        new DeleteSnapshot.Command(caller.get().accountId(), snapshotId(snapshotId)));
    return Response.noContent().build();
  }

  private static SnapshotId snapshotId(String raw) {
    return new SnapshotId(QueryValues.pathId(raw, "Snapshot"));
  }

  private static Json.RestoreJson restored(RestoreSnapshot.Started started) {
    Snapshot snapshot = started.snapshot();
    return new Json.RestoreJson(
        "success",
        Json.RESTORE_STARTED,
        new Json.RestoredSnapshot(
            snapshot.id().value(), snapshot.name().value(), Json.time(snapshot.createdAt())),
        Json.ServerJson.of(started.server()),
        Json.OperationRef.of(started.operation()));
  }
}
