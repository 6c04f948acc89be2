package org.vps.snapshots.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.vps.snapshots.application.access.IssueToken;
import org.vps.snapshots.application.access.IssuedToken;
import org.vps.snapshots.application.access.RegisterAccount;
import org.vps.snapshots.application.access.RevokeToken;
import org.vps.snapshots.application.port.AccountName;
import org.vps.snapshots.application.port.TokenScope;
import org.vps.snapshots.application.server.RegisterServer;
import org.vps.snapshots.application.server.RemoveServer;
import org.vps.snapshots.application.server.UpdateServer;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Host;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.snapshot.ServerName;
import org.vps.snapshots.domain.snapshot.ServerStatus;

/** The operator API through which the platform feeds accounts, tokens and servers. */
@Path("/admin/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class AdminResource {
  private final RegisterAccount registerAccount;
  private final IssueToken issueToken;
  private final RevokeToken revokeToken;
  private final RegisterServer registerServer;
  private final UpdateServer updateServer;
  private final RemoveServer removeServer;

  @Inject
  public AdminResource(
      RegisterAccount registerAccount,
      IssueToken issueToken,
      RevokeToken revokeToken,
      RegisterServer registerServer,
      UpdateServer updateServer,
      RemoveServer removeServer) {
    this.registerAccount = registerAccount;
    this.issueToken = issueToken;
    this.revokeToken = revokeToken;
    this.registerServer = registerServer;
    this.updateServer = updateServer;
    this.removeServer = removeServer;
  }

  @POST
  @Path("accounts")
  public Response createAccount(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String rawBody) {
    JsonBody body = JsonBody.require(contentType, rawBody);
    FieldErrors errors = new FieldErrors();
    AccountName name = body.requiredString("name", errors, AccountName::new);
    errors.throwIfAny();
    AccountId id = registerAccount.execute(name);
    return created(new Json.AccountJson(id.value(), name.value()));
  }

  @POST
  @Path("accounts/{accountId}/tokens")
  public Response createToken(
      @PathParam("accountId") String accountId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String rawBody) {
    AccountId account = new AccountId(QueryValues.pathId(accountId, "Account"));
    JsonBody body = JsonBody.require(contentType, rawBody);
    FieldErrors errors = new FieldErrors();
    String rawScope = body.requiredString("scope", errors);
    Optional<TokenScope> scope = Optional.ofNullable(rawScope).flatMap(TokenScope::fromCode);
    if (rawScope != null && scope.isEmpty()) {
      errors.add("scope", "Select one of read, write.");
    }
    errors.throwIfAny();
    IssuedToken token = issueToken.execute(account, scope.get());
    return created(new Json.TokenJson(token.id(), token.secret(), token.scope().code()));
  }

  @DELETE
  @Path("tokens/{tokenId}")
  public Response revokeToken(@PathParam("tokenId") String tokenId) {
    revokeToken.execute(QueryValues.pathId(tokenId, "Token"));
    return Response.noContent().build();
  }

  @POST
  @Path("servers")
  public Response createServer(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String rawBody) {
    JsonBody body = JsonBody.require(contentType, rawBody);
    FieldErrors errors = new FieldErrors();
    ServerId id = body.requiredLong("id", errors, ServerId::new);
    AccountId account = body.requiredLong("account_id", errors, AccountId::new);
    ServerName name = body.requiredString("name", errors, ServerName::new);
    String rawStatus = body.optionalString("status", errors);
    ServerStatus status =
        errors.check("status", () -> new ServerStatus(rawStatus == null ? "running" : rawStatus));
    Host host = body.optionalString("host", errors, Host::new);
    errors.throwIfAny();
    var server =
        registerServer.execute(
            new RegisterServer.Command(id, account, name, status, Optional.ofNullable(host)));
    return created(Json.AdminServerJson.of(server));
  }

  @PATCH
  @Path("servers/{serverId}")
  public Json.AdminServerJson updateServer(
      @PathParam("serverId") String serverId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String rawBody) {
    ServerId id = new ServerId(QueryValues.pathId(serverId, "Server"));
    JsonBody body = JsonBody.require(contentType, rawBody);
    FieldErrors errors = new FieldErrors();
    ServerName name = body.optionalString("name", errors, ServerName::new);
    ServerStatus status = body.optionalString("status", errors, ServerStatus::new);
    Host host = body.optionalString("host", errors, Host::new);
    if (!body.has("name") && !body.has("status") && !body.has("host")) {
      errors.add("non_field_errors", "Give a name, a status, a host, or any of them.");
    }
    errors.throwIfAny();
    var server =
        updateServer.execute(
            new UpdateServer.Command(
                id,
                Optional.ofNullable(name),
                Optional.ofNullable(status),
                Optional.ofNullable(host)));
    return Json.AdminServerJson.of(server);
  }

  @DELETE
  @Path("servers/{serverId}")
  public Response removeServer(@PathParam("serverId") String serverId) {
    removeServer.execute(new ServerId(QueryValues.pathId(serverId, "Server")));
    return Response.noContent().build();
  }

  private static Response created(Object entity) {
    return Response.status(Response.Status.CREATED).entity(entity).build();
  }
}
