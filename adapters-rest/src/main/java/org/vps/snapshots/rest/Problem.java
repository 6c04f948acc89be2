package org.vps.snapshots.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** An RFC 9457 problem body, with the service's machine code and the request it answers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String code,
    Map<String, List<String>> errors,
    @JsonProperty("blocking_snapshot_id") Long blockingSnapshotId,
    @JsonProperty("request_id") String requestId) {

  public static final String MEDIA_TYPE = "application/problem+json";

  static Problem of(int status, String title, String code, String detail) {
    return new Problem(typeOf(code), title, status, detail, code, null, null, null);
  }

  static String typeOf(String code) {
    return "urn:snapshots:problem:" + code;
  }

  Problem withErrors(Map<String, List<String>> fieldErrors) {
    return new Problem(
        type, title, status, detail, code, fieldErrors, blockingSnapshotId, requestId);
  }

  Problem withBlockingSnapshot(long snapshotId) {
    return new Problem(type, title, status, detail, code, errors, snapshotId, requestId);
  }

  Problem withRequestId(String id) {
    return new Problem(type, title, status, detail, code, errors, blockingSnapshotId, id);
  }
}
