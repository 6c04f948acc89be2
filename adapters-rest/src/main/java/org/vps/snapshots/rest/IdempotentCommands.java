package org.vps.snapshots.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.vps.snapshots.application.idempotency.Idempotently;
import org.vps.snapshots.application.idempotency.Idempotently.Outcome;
import org.vps.snapshots.application.port.Caller;
import org.vps.snapshots.application.port.IdempotencyKey;
import org.vps.snapshots.application.port.IdempotencyRecord.StoredResponse;

/** Runs a POST command, honouring {@code Idempotency-Key} when the client sent one. */
@ApplicationScoped
public class IdempotentCommands {
  static final String HEADER = "Idempotency-Key";

  private final Idempotently idempotently;
  private final ObjectMapper json;

  @Inject
  public IdempotentCommands(Idempotently idempotently, ObjectMapper json) {
    this.idempotently = idempotently;
    this.json = json;
  }

  /**
   * @param request what identifies the request: method, route and canonical body
   * @param command runs the use case and answers the status and JSON entity of its success
   */
  Response run(Caller caller, String rawKey, String request, Supplier<Answer> command) {
    if (rawKey == null) {
      return toResponse(serialize(command.get()), false);
    }
    IdempotencyKey key = new FieldErrors().check(HEADER, () -> new IdempotencyKey(rawKey));
    if (key == null) {
      throw ProblemException.invalidField(HEADER, "Must be 1 to 255 visible ASCII characters.");
    }
    String fingerprint = fingerprint(request);
    Outcome outcome =
        idempotently.run(caller.accountId(), key, fingerprint, () -> serialize(command.get()));
    if (outcome instanceof Outcome.Executed executed) {
      return toResponse(executed.response(), false);
    }
    if (outcome instanceof Outcome.Replayed replayed) {
      return toResponse(replayed.response(), true);
    }
    if (outcome instanceof Outcome.KeyReused) {
      throw new ProblemException(
          Problem.of(
              422,
              "Unprocessable Content",
              "idempotency_key_reused",
              "This Idempotency-Key was used with a different request."));
    }
    throw new ProblemException(
        Problem.of(
            409,
            "Conflict",
            "idempotency_key_in_use",
            "A request with this Idempotency-Key is still being handled; retry shortly."));
  }

  private StoredResponse serialize(Answer answer) {
    try {
      return new StoredResponse(answer.status(), json.writeValueAsString(answer.entity()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a response could not be written as JSON", e);
    }
  }

  private static Response toResponse(StoredResponse stored, boolean replayed) {
    Response.ResponseBuilder answer =
        Response.status(stored.status()).type(MediaType.APPLICATION_JSON).entity(stored.body());
    if (replayed) {
      answer.header("Idempotent-Replayed", "true");
    }
    return answer.build();
  }

  /** A command's successful answer. */
  record Answer(int status, Object entity) {}

  /**
   * What a stored answer is matched against when its key comes back: the SHA-256 of the request's
   * method, route and canonical body, so that a record holds no copy of the request itself.
   */
  static String fingerprint(String request) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(request.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
