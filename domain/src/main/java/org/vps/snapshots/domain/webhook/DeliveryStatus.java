package org.vps.snapshots.domain.webhook;

import java.util.Arrays;
import java.util.Optional;

/** Where a delivery stands: waiting for its next attempt, received, or given up. */
public enum DeliveryStatus {
  PENDING("pending"),
  DELIVERED("delivered"),
  FAILED("failed");

  private final String code;

  DeliveryStatus(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<DeliveryStatus> fromCode(String code) {
    return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
  }
}
