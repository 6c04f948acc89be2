package org.vps.snapshots.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.work.GetOperation;
import org.vps.snapshots.application.work.ListOperations;
import org.vps.snapshots.domain.OperationId;
import org.vps.snapshots.domain.ServerId;

/** The caller's long-running operations: snapshots, restores and purges, as they go. */
@Path("/api/v1/operations")
@Produces(MediaType.APPLICATION_JSON)
public class OperationsResource {
  private final CurrentCaller caller;
  private final ListOperations listOperations;
  private final GetOperation getOperation;

  @Inject
  public OperationsResource(
      CurrentCaller caller, ListOperations listOperations, GetOperation getOperation) {
    this.caller = caller;
    this.listOperations = listOperations;
    this.getOperation = getOperation;
  }

  @GET
  public Json.PageJson<Json.OperationJson> list(
      @QueryParam("server_id") String serverId,
      @QueryParam("page") String page,
      @QueryParam("page_size") String pageSize,
      @Context UriInfo uri) {
    FieldErrors errors = new FieldErrors();
    Long server = QueryValues.positiveLong("server_id", serverId, errors);
    PageRequest request = Pagination.request(page, pageSize, errors);
    errors.throwIfAny();
    return Pagination.page(
        listOperations.execute(
            caller.get().accountId(), Optional.ofNullable(server).map(ServerId::new), request),
        request,
        uri,
        Json.OperationJson::of);
  }

  @GET
  @Path("{operationId}")
  public Json.OperationJson get(@PathParam("operationId") String operationId) {
    OperationId id = new OperationId(QueryValues.pathId(operationId, "Operation"));
    return Json.OperationJson.of(getOperation.execute(caller.get().accountId(), id));
  }
}
