package org.vps.snapshots.domain.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.vps.snapshots.domain.InvalidValueException;
import org.vps.snapshots.domain.Text;

/** Where an endpoint receives its deliveries: an absolute http(s) URL without credentials. */
public record WebhookUrl(String value) {
  public static final int MAX_LENGTH = 2000;
  private static final String FIELD = "url";

  public WebhookUrl {
    Text.requireFilled(FIELD, value, MAX_LENGTH);
    URI uri = parse(value);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new InvalidValueException(FIELD, "Enter an https URL.");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new InvalidValueException(FIELD, "Enter a valid URL with a host name.");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidValueException(FIELD, "Credentials in the URL are not allowed.");
    }
    if (uri.getRawFragment() != null) {
      throw new InvalidValueException(FIELD, "A fragment (#...) is not allowed.");
    }
  }

  public URI uri() {
    return parse(value);
  }

  public boolean secure() {
    return uri().getScheme().equalsIgnoreCase("https");
  }

  /**
   * Refuses, unless {@code insecureAllowed} (development and tests only), a URL that is not https
   * or that names this machine or a forbidden address literally. Names are checked again on the
   * address they resolve to at every send.
   */
  public void requireSafe(boolean insecureAllowed) {
    if (insecureAllowed) {
      return;
    }
    if (!secure()) {
      throw new InvalidValueException(FIELD, "Enter an https URL.");
    }
    String host = uri().getHost().toLowerCase(Locale.ROOT);
    if (host.equals("localhost")
        || host.endsWith(".localhost")
        || ForbiddenAddresses.literal(host).map(ForbiddenAddresses::forbidden).orElse(false)) {
      throw new InvalidValueException(
          FIELD, "The URL must reach a public address, not a loopback or private one.");
    }
  }

  private static URI parse(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new InvalidValueException(FIELD, "Enter a valid URL.");
    }
  }
}
