package org.vps.snapshots.rest;

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
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.webhook.ChangeWebhook;
import org.vps.snapshots.application.webhook.ReadWebhooks;
import org.vps.snapshots.application.webhook.RegisterWebhook;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.event.EventType;
import org.vps.snapshots.domain.snapshot.Description;
import org.vps.snapshots.domain.webhook.DeliveryId;
import org.vps.snapshots.domain.webhook.WebhookId;
import org.vps.snapshots.domain.webhook.WebhookUrl;

/** An account's webhook endpoints and their deliveries. */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {
  private static final String EVENTS = "events";

  private final CurrentCaller caller;
  private final RegisterWebhook register;
  private final ReadWebhooks read;
  private final ChangeWebhook change;

  @Inject
  public WebhooksResource(
      CurrentCaller caller, RegisterWebhook register, ReadWebhooks read, ChangeWebhook change) {
    this.caller = caller;
    this.register = register;
    this.read = read;
    this.change = change;
  }

  @GET
  public Json.PageJson<WebhookJson.Endpoint> list() {
    List<WebhookJson.Endpoint> endpoints =
        read.list(account()).stream().map(WebhookJson.Endpoint::of).toList();
    return new Json.PageJson<>(endpoints.size(), null, null, endpoints);
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response create(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String rawBody) {
    AccountId account = account();
    JsonBody body = JsonBody.require(contentType, rawBody);
    FieldErrors errors = new FieldErrors();
    WebhookUrl url = body.requiredString("url", errors, WebhookUrl::new);
    Set<EventType> events = events(body, errors);
    if (events == null && !body.has(EVENTS)) {
      errors.add(EVENTS, JsonBody.REQUIRED);
    }
    Description description = description(body, errors).orElse(Description.NONE);
    errors.throwIfAny();
    return Response.status(201)
        .entity(
            WebhookJson.Endpoint.withSecret(
                register.execute(new RegisterWebhook.Command(account, url, events, description))))
        .build();
  }

  @GET
  @Path("{webhookId}")
  public WebhookJson.Endpoint get(@PathParam("webhookId") String webhookId) {
    return WebhookJson.Endpoint.of(read.get(account(), webhookId(webhookId)));
  }

  @PATCH
  @Path("{webhookId}")
  @Consumes(MediaType.WILDCARD)
  public WebhookJson.Endpoint update(
      @PathParam("webhookId") String webhookId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String rawBody) {
    AccountId account = account();
    WebhookId id = webhookId(webhookId);
    JsonBody body = JsonBody.require(contentType, rawBody);
    FieldErrors errors = new FieldErrors();
    WebhookUrl url = body.has("url") ? body.requiredString("url", errors, WebhookUrl::new) : null;
    Set<EventType> events = events(body, errors);
    Optional<Description> description = description(body, errors);
    Boolean enabled = body.optionalBoolean("enabled", errors);
    errors.throwIfAny();
    return WebhookJson.Endpoint.of(
        change.update(
            new ChangeWebhook.Update(
                account,
                id,
                Optional.ofNullable(url),
                Optional.ofNullable(events),
                description,
                Optional.ofNullable(enabled))));
  }

  @DELETE
  @Path("{webhookId}")
  public Response delete(@PathParam("webhookId") String webhookId) {
    change.remove(account(), webhookId(webhookId));
    return Response.noContent().build();
  }

  @POST
  @Path("{webhookId}/rotate-secret")
  @Consumes(MediaType.WILDCARD)
  public WebhookJson.Endpoint rotateSecret(@PathParam("webhookId") String webhookId) {
    return WebhookJson.Endpoint.withSecret(change.rotateSecret(account(), webhookId(webhookId)));
  }

  @GET
  @Path("{webhookId}/deliveries")
  public Json.PageJson<WebhookJson.Delivery> deliveries(
      @PathParam("webhookId") String webhookId,
      @QueryParam("page") String page,
      @QueryParam("page_size") String pageSize,
      @Context UriInfo uri) {
    WebhookId id = webhookId(webhookId);
    FieldErrors errors = new FieldErrors();
    PageRequest request = Pagination.request(page, pageSize, errors);
    errors.throwIfAny();
    return Pagination.page(
        read.deliveries(account(), id, request), request, uri, WebhookJson.Delivery::of);
  }

  @GET
  @Path("{webhookId}/deliveries/{deliveryId}")
  public WebhookJson.Delivery delivery(
      @PathParam("webhookId") String webhookId, @PathParam("deliveryId") String deliveryId) {
    return WebhookJson.Delivery.of(
        read.delivery(account(), webhookId(webhookId), deliveryId(deliveryId)));
  }

  @POST
  @Path("{webhookId}/deliveries/{deliveryId}/redeliver")
  @Consumes(MediaType.WILDCARD)
  public Response redeliver(
      @PathParam("webhookId") String webhookId, @PathParam("deliveryId") String deliveryId) {
    return Response.accepted(
            WebhookJson.Delivery.of(
                change.redeliver(account(), webhookId(webhookId), deliveryId(deliveryId))))
        .build();
  }

  private AccountId account() {
    return caller.get().accountId();
  }

  /** The event types of {@code events}, null when absent; unknown names are errors. */
  private static Set<EventType> events(JsonBody body, FieldErrors errors) {
    List<String> names = body.optionalStrings(EVENTS, errors);
    if (names == null) {
      return null;
    }
    if (names.isEmpty()) {
      errors.add(EVENTS, "Select at least one event type.");
      return null;
    }
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (String name : names) {
      Optional<EventType> type = EventType.fromWireName(name);
      if (type.isEmpty()) {
        errors.add(
            EVENTS,
            "\""
                + name
                + "\" is not an event type; select among "
                + String.join(
                    ", ", EnumSet.allOf(EventType.class).stream().map(EventType::wireName).toList())
                + ".");
        return null;
      }
      types.add(type.get());
    }
    return types;
  }

  private static Optional<Description> description(JsonBody body, FieldErrors errors) {
    String raw = body.optionalString("description", errors);
    return Optional.ofNullable(
        raw == null ? null : errors.check("description", () -> new Description(raw)));
  }

  private static WebhookId webhookId(String raw) {
    return new WebhookId(QueryValues.pathId(raw, "Webhook endpoint"));
  }

  private static DeliveryId deliveryId(String raw) {
    return new DeliveryId(QueryValues.pathId(raw, "Delivery"));
  }
}
