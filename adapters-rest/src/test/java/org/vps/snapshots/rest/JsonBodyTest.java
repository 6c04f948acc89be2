package org.vps.snapshots.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.vps.snapshots.domain.ServerId;
import org.vps.snapshots.domain.snapshot.SnapshotName;

/** Every body a client can send ends in a value, a field error, or a 400 with a code. */
class JsonBodyTest {
  private static final String JSON = "application/json";

  @Test
  void fieldsAreReadWithTheirErrorsCollected() {
    JsonBody body =
        JsonBody.require(
            JSON,
            "{\"server_id\": 12345, \"name\": \"n\", \"big\": 1e3, \"nul\": null, \"num\": 5}");
    FieldErrors errors = new FieldErrors();

    assertThat(body.requiredLong("server_id", errors)).isEqualTo(12345L);
    assertThat(body.requiredString("name", errors)).isEqualTo("n");
    assertThat(body.optionalString("absent", errors)).isNull();
    assertThat(body.optionalString("nul", errors)).isNull();
    assertThat(body.requiredLong("big", errors)).isNull();
    assertThat(body.requiredLong("missing", errors)).isNull();
    assertThat(body.requiredString("num", errors)).isNull();
    assertThat(body.requiredLong("nul", errors)).isNull();

    assertThat(collected(errors))
        .containsEntry("big", List.of(JsonBody.NOT_INTEGER))
        .containsEntry("missing", List.of(JsonBody.REQUIRED))
        .containsEntry("num", List.of(JsonBody.NOT_STRING))
        .containsEntry("nul", List.of(JsonBody.NOT_NULL));
  }

  @Test
  void fieldsAreMadeIntoValuesWithTheDomainsReasonsCollected() {
    JsonBody body =
        JsonBody.require(JSON, "{\"server_id\": 12345, \"id\": 0, \"name\": \"web\", \"s\": 1}");
    FieldErrors errors = new FieldErrors();

    assertThat(body.requiredLong("server_id", errors, ServerId::new))
        .isEqualTo(new ServerId(12345));
    assertThat(body.requiredString("name", errors, SnapshotName::new))
        .isEqualTo(new SnapshotName("web"));
    assertThat(body.optionalString("absent", errors, SnapshotName::new)).isNull();
    assertThat(body.requiredLong("id", errors, ServerId::new)).isNull();
    assertThat(body.requiredString("missing", errors, SnapshotName::new)).isNull();
    assertThat(body.optionalString("s", errors, SnapshotName::new)).isNull();

    assertThat(collected(errors))
        .containsOnlyKeys("id", "missing", "s")
        .containsEntry("missing", List.of(JsonBody.REQUIRED))
        .containsEntry("s", List.of(JsonBody.NOT_STRING));
    assertThat(collected(errors).get("id")).singleElement().asString().isNotBlank();
  }

  @Test
  void anIntegerBeyondALongIsAFieldErrorNotAWrappedNumber() {
    FieldErrors errors = new FieldErrors();

    assertThat(
            JsonBody.require(JSON, "{\"server_id\": 99999999999999999999}")
                .requiredLong("server_id", errors))
        .isNull();
    assertThat(collected(errors)).containsKey("server_id");
  }

  @Test
  void malformedBodiesSayWhere() {
    assertRefused(() -> JsonBody.require(JSON, "{\"name\": }"), "malformed_json")
        .hasMessageContaining("line 1, column");
    assertRefused(() -> JsonBody.require(JSON, "{} {}"), "malformed_json");
    assertRefused(() -> JsonBody.require(JSON, "{\"a\":1,\"a\":2}"), "malformed_json");
  }

  @Test
  void documentsBeyondTheStreamLimitsAre400sNotCrashes() {
    String deep = "{\"a\":".repeat(17) + "1" + "}".repeat(17);
    String longNumber = "{\"a\":" + "9".repeat(1001) + "}";
    String longKey = "{\"" + "k".repeat(300) + "\":1}";

    assertRefused(() -> JsonBody.require(JSON, deep), "malformed_json");
    assertRefused(() -> JsonBody.require(JSON, longNumber), "malformed_json");
    assertRefused(() -> JsonBody.require(JSON, longKey), "malformed_json");
  }

  @Test
  void onlyAJsonObjectInJsonIsABody() {
    assertRefused(() -> JsonBody.require(JSON, " "), "invalid_body");
    assertRefused(() -> JsonBody.require(JSON, "[1,2]"), "invalid_body");
    assertRefused(() -> JsonBody.require(JSON, "\"text\""), "invalid_body");
    assertRefused(() -> JsonBody.require("text/plain", "{}"), "unsupported_media_type");
    assertRefused(() -> JsonBody.require(null, "{}"), "unsupported_media_type");

    assertThat(JsonBody.optional(null, "").has("anything")).isFalse();
    assertThat(JsonBody.isJson("application/merge-patch+json; charset=utf-8")).isTrue();
    assertThat(JsonBody.isJson("Application/JSON")).isTrue();
  }

  private static Map<String, List<String>> collected(FieldErrors errors) {
    try {
      errors.throwIfAny();
      return Map.of();
    } catch (ProblemException e) {
      assertThat(e.problem().code()).isEqualTo("invalid");
      return e.problem().errors();
    }
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      ThrowingCallable parse, String code) {
    var refused = assertThatThrownBy(parse).isInstanceOf(ProblemException.class);
    refused.satisfies(
        e -> {
          Problem problem = ((ProblemException) e).problem();
          assertThat(problem.status()).isEqualTo(400);
          assertThat(problem.code()).isEqualTo(code);
          assertThat(problem.detail()).isNotBlank();
        });
    return refused;
  }
}
