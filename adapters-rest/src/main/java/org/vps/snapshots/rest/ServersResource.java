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
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.server.GetServer;
import org.vps.snapshots.application.server.ListServers;
import org.vps.snapshots.domain.ServerId;

/** The customer's view of their servers. */
@Path("/api/v1/servers")
@Produces(MediaType.APPLICATION_JSON)
public class ServersResource {
  private final CurrentCaller caller;
  private final ListServers listServers;
  private final GetServer getServer;

  @Inject
  public ServersResource(CurrentCaller caller, ListServers listServers, GetServer getServer) {
    this.caller = caller;
    this.listServers = listServers;
    this.getServer = getServer;
  }

  @GET
  public Json.PageJson<Json.ServerJson> list(
      @QueryParam("page") String page,
      @QueryParam("page_size") String pageSize,
      @Context UriInfo uri) {
    FieldErrors errors = new FieldErrors();
    PageRequest request = Pagination.request(page, pageSize, errors);
    errors.throwIfAny();
    return Pagination.page(
        listServers.execute(caller.get().accountId(), request), request, uri, Json.ServerJson::of);
  }

  @GET
  @Path("{serverId}")
  public Json.ServerJson get(@PathParam("serverId") String serverId) {
    ServerId id = new ServerId(QueryValues.pathId(serverId, "Server"));
    return Json.ServerJson.of(getServer.execute(caller.get().accountId(), id));
  }
}
