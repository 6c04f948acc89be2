package org.vps.snapshots.deploy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of a delivery, written from the Standard Webhooks specification
 * (standardwebhooks.com, "Verifying webhook authenticity"), apart from the service's signer: strip
 * {@code whsec_} and base64-decode the secret; sign {@code msg_id.timestamp.payload} with
 * HMAC-SHA256; the header holds space-delimited {@code v1,<base64>} signatures, any one of which
 * may match; refuse a timestamp more than five minutes away from now.
 */
final class StandardWebhooksVerifier {
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private final byte[] key;

  StandardWebhooksVerifier(String secret) {
    if (!secret.startsWith("whsec_")) {
      throw new IllegalArgumentException("not a Standard Webhooks secret");
    }
    key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
  }

  boolean verify(String msgId, String timestamp, String signatureHeader, String payload) {
    long seconds = Long.parseLong(timestamp);
    Instant sent = Instant.ofEpochSecond(seconds);
    if (Duration.between(sent, Instant.now()).abs().compareTo(TOLERANCE) > 0) {
      return false;
    }
    byte[] expected = sign(msgId + "." + timestamp + "." + payload);
    for (String versioned : signatureHeader.split(" ")) {
      int comma = versioned.indexOf(',');
      if (comma < 0 || !versioned.substring(0, comma).equals("v1")) {
        continue;
      }
      byte[] given = Base64.getDecoder().decode(versioned.substring(comma + 1));
      if (MessageDigest.isEqual(expected, given)) {
        return true;
      }
    }
    return false;
  }

  private byte[] sign(String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
