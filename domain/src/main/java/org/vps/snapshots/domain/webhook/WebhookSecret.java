package org.vps.snapshots.domain.webhook;

import java.util.Base64;
import java.util.Random;

/**
 * The key an endpoint's deliveries are signed with, as Standard Webhooks writes it: {@code whsec_}
 * and the key's bytes in base64. Never printed: {@link #toString()} hides it.
 */
public record WebhookSecret(String value) {
  public static final String PREFIX = "whsec_";
  private static final int KEY_BYTES = 32;

  public WebhookSecret {
    if (value == null || !value.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
    }
    int length = Base64.getDecoder().decode(value.substring(PREFIX.length())).length;
    if (length < 24 || length > 64) {
      throw new IllegalArgumentException("a webhook secret's key has 24 to 64 bytes");
    }
  }

  public static WebhookSecret generate(Random random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(key));
  }

  /** The key's bytes, for the HMAC. */
  public byte[] key() {
    return Base64.getDecoder().decode(value.substring(PREFIX.length()));
  }

  @Override
  public String toString() {
    return "WebhookSecret[hidden]";
  }
}
