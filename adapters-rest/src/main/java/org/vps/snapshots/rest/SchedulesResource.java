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
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.vps.snapshots.application.port.PageRequest;
import org.vps.snapshots.application.schedule.ManageSchedules;
import org.vps.snapshots.domain.AccountId;
import org.vps.snapshots.domain.Labels;
import org.vps.snapshots.domain.ScheduleId;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.schedule.Recurrence;
import org.vps.snapshots.domain.schedule.Schedule;

/** A customer's snapshot schedules: one per server, with rotation inside the quota. */
@Path("/api/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class SchedulesResource {
  private static final List<String> FIELDS =
      List.of("server_id", "name_prefix", "every", "at", "weekday", "keep", "enabled", "labels");

  private final CurrentCaller caller;
  private final ManageSchedules schedules;

  @Inject
  public SchedulesResource(CurrentCaller caller, ManageSchedules schedules) {
    this.caller = caller;
    this.schedules = schedules;
  }

  @GET
  public Json.PageJson<ScheduleJson.Body> list(
      @QueryParam("server_id") String serverId,
      @QueryParam("page") String page,
      @QueryParam("page_size") String pageSize,
      @Context UriInfo uri) {
    FieldErrors errors = new FieldErrors();
    Long server = QueryValues.positiveLong("server_id", serverId, errors);
    PageRequest request = Pagination.request(page, pageSize, errors);
    errors.throwIfAny();
    return Pagination.page(
        schedules.list(account(), Optional.ofNullable(server).map(ServerId::new), request),
        request,
        uri,
        ScheduleJson.Body::of);
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response create(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String rawBody) {
    JsonBody body = JsonBody.require(contentType, rawBody);
    FieldErrors errors = new FieldErrors();
    refuseUnknown(body, errors);
    ServerId server = body.requiredLong("server_id", errors, ServerId::new);
    String prefix = body.requiredString("name_prefix", errors);
    Recurrence recurrence = recurrence(body, errors, Optional.empty());
    Long keep = body.requiredLong("keep", errors);
    Boolean enabled = body.optionalBoolean("enabled", errors);
    Labels labels = body.optionalLabels("labels", errors);
    errors.throwIfAny();
    // The domain checks the prefix and the number kept, naming the field it refuses.
    Schedule created =
        schedules.create(
            new ManageSchedules.New(
                account(),
                server,
                prefix,
                recurrence,
                keepValue(keep),
                enabled == null || enabled,
                labels == null ? Labels.NONE : labels));
    return Response.status(Response.Status.CREATED).entity(ScheduleJson.Body.of(created)).build();
  }

  @GET
  @Path("{scheduleId}")
  public ScheduleJson.Body get(@PathParam("scheduleId") String scheduleId) {
    return ScheduleJson.Body.of(schedules.get(account(), scheduleId(scheduleId)));
  }

  @PATCH
  @Path("{scheduleId}")
  @Consumes(MediaType.WILDCARD)
  public ScheduleJson.Body change(
      @PathParam("scheduleId") String scheduleId,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      String rawBody) {
    ScheduleId id = scheduleId(scheduleId);
    JsonBody body = JsonBody.require(contentType, rawBody);
    FieldErrors errors = new FieldErrors();
    refuseUnknown(body, errors);
    if (body.has("server_id")) {
      errors.add("server_id", "A schedule stays with its server; remove it and add another.");
    }
    Optional<String> prefix =
        Optional.ofNullable(
            body.has("name_prefix") ? body.requiredString("name_prefix", errors) : null);
    Optional<Recurrence> recurrence = Optional.empty();
    if (body.has("every") || body.has("at") || body.has("weekday")) {
      Schedule current = schedules.get(account(), id);
      recurrence = Optional.ofNullable(recurrence(body, errors, Optional.of(current)));
    }
    Long keep = body.has("keep") ? body.requiredLong("keep", errors) : null;
    Optional<Boolean> enabled = Optional.ofNullable(body.optionalBoolean("enabled", errors));
    Optional<Labels> labels = Optional.ofNullable(body.optionalLabels("labels", errors));
    errors.throwIfAny();
    return ScheduleJson.Body.of(
        schedules.change(
            account(),
            id,
            new Schedule.Change(
                prefix,
                recurrence,
                Optional.ofNullable(keep).map(SchedulesResource::keepValue),
                enabled,
                labels)));
  }

  @DELETE
  @Path("{scheduleId}")
  public Response delete(@PathParam("scheduleId") String scheduleId) {
    schedules.remove(account(), scheduleId(scheduleId));
    return Response.noContent().build();
  }

  @GET
  @Path("{scheduleId}/runs")
  public Json.PageJson<ScheduleJson.Run> runs(
      @PathParam("scheduleId") String scheduleId,
      @QueryParam("page") String page,
      @QueryParam("page_size") String pageSize,
      @Context UriInfo uri) {
    ScheduleId id = scheduleId(scheduleId);
    FieldErrors errors = new FieldErrors();
    PageRequest request = Pagination.request(page, pageSize, errors);
    errors.throwIfAny();
    return Pagination.page(
        schedules.runs(account(), id, request), request, uri, ScheduleJson.Run::of);
  }

  private static void refuseUnknown(JsonBody body, FieldErrors errors) {
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        errors.add(field, "Unknown field; a schedule has " + String.join(", ", FIELDS) + ".");
      }
    }
  }

  /**
   * The recurrence the body gives, what it leaves out taken from {@code current}; null with the
   * reasons recorded when it is not a valid one.
   */
  private static Recurrence recurrence(
      JsonBody body, FieldErrors errors, Optional<Schedule> current) {
    Optional<Recurrence> now = current.map(Schedule::recurrence);
    String everyText =
        body.has("every") || now.isEmpty()
            ? body.requiredString("every", errors)
            : now.get().every().code();
    Recurrence.Every every = null;
    if (everyText != null) {
      every = Recurrence.Every.fromCode(everyText).orElse(null);
      if (every == null) {
        errors.add("every", "Select one of daily, weekly.");
      }
    }
    LocalTime at =
        body.has("at") || now.isEmpty()
            ? body.requiredString("at", errors, Recurrence::time)
            : now.get().at();
    DayOfWeek weekday;
    if (body.has("weekday")) {
      weekday = body.optionalString("weekday", errors, Recurrence::weekday);
    } else {
      weekday = now.isPresent() && every == Recurrence.Every.WEEKLY ? now.get().weekday() : null;
    }
    if (every == null || at == null) {
      return null;
    }
    Recurrence.Every chosen = every;
    return errors.check("weekday", () -> new Recurrence(chosen, at, weekday));
  }

  private static int keepValue(Long keep) {
    return keep == null || keep < Integer.MIN_VALUE || keep > Integer.MAX_VALUE
        ? Integer.MAX_VALUE
        : keep.intValue();
  }

  private AccountId account() {
    return caller.get().accountId();
  }

  private static ScheduleId scheduleId(String raw) {
    return new ScheduleId(QueryValues.pathId(raw, "Schedule"));
  }
}
