package org.vps.snapshots.application.port;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.vps.snapshots.domain.webhook.WebhookSecret;

/** Sends one delivery over HTTP, signed, and tells how the receiver answered. */
public interface WebhookSender {

  /** Never fails: a delivery that could not be made is an {@link Answer} with an error. */
  CompletionStage<Answer> send(Request request);

  /**
   * A delivery to send: its message id, the time it is signed with, the body, and every secret
   * valid for the endpoint right now (each signs).
   */
  record Request(
      URI url, String messageId, Instant timestamp, String body, List<WebhookSecret> secrets) {
    public Request {
      Objects.requireNonNull(url);
      Objects.requireNonNull(messageId);
      Objects.requireNonNull(timestamp);
      Objects.requireNonNull(body);
      secrets = List.copyOf(secrets);
    }
  }

  /** The receiver's status code, or why there is none; how long the attempt took. */
  record Answer(Optional<Integer> statusCode, Duration took, Optional<String> error) {
    public static Answer of(int statusCode, Duration took) {
      return new Answer(
          Optional.of(statusCode),
          took,
          statusCode / 100 == 2
              ? Optional.empty()
              : Optional.of("The endpoint answered " + statusCode + "."));
    }

    public static Answer failed(String error, Duration took) {
      return new Answer(Optional.empty(), took, Optional.of(error));
    }

    public boolean succeeded() {
      return statusCode.map(code -> code / 100 == 2).orElse(false);
    }
  }
}
