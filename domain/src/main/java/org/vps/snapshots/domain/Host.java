package org.vps.snapshots.domain;

import java.util.regex.Pattern;

/**
 * The virtualization host a server runs on, as the platform names it: a DNS name, an IPv4 address
 * or an IPv6 address in brackets. Nothing else passes, since the name goes into the connection URI
 * of the host (a slash, a question mark or an {@code @} would change what is connected to).
 */
public record Host(String value) {
  public static final int MAX_LENGTH = 253;
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
  private static final Pattern IPV6 = Pattern.compile("(?i)\\[[0-9a-f:.]{2,45}]");

  public Host {
    Text.requireFilled("host", value, MAX_LENGTH);
    if (!DNS_NAME.matcher(value).matches() && !IPV6.matcher(value).matches()) {
      throw new InvalidValueException(
          "host",
          "Enter a host name, an IPv4 address, or an IPv6 address in brackets"
              + " (letters, digits, hyphens and dots).");
    }
  }
}
