package org.vps.snapshots.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.vps.snapshots.application.outbox.QuarantinedMessages;

/** The operator's view of outbox messages that could not be read back, and what to do with them. */
@Path("/admin/v1/outbox/quarantine")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxAdminResource {
  private final QuarantinedMessages quarantine;

  @Inject
  public OutboxAdminResource(QuarantinedMessages quarantine) {
    this.quarantine = quarantine;
  }

  @GET
  public List<Json.QuarantinedJson> list() {
    return quarantine.list().stream().map(Json.QuarantinedJson::of).toList();
  }

  /** Puts the message back at the end of the outbox, once a fixed version can read it. */
  @POST
  @Path("{position}/requeue")
  public Response requeue(@PathParam("position") String position) {
    if (!quarantine.requeue(QueryValues.pathId(position, "Quarantined message"))) {
      throw missing(position);
    }
    return Response.noContent().build();
  }

  @DELETE
  @Path("{position}")
  public Response drop(@PathParam("position") String position) {
    if (!quarantine.drop(QueryValues.pathId(position, "Quarantined message"))) {
      throw missing(position);
    }
    return Response.noContent().build();
  }

  private static ProblemException missing(String position) {
    return ProblemException.notFound("Quarantined message " + position + " does not exist.");
  }
}
