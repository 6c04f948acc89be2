package org.vps.snapshots.domain.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Addresses a webhook may never reach, whoever owns its name: this machine, private and shared
 * networks, link-local addresses (cloud metadata services among them), and the reserved ranges. An
 * IPv6 address that embeds an IPv4 one is judged by the IPv4 one.
 */
public final class ForbiddenAddresses {
  private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private ForbiddenAddresses() {}

  public static boolean forbidden(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // this network
          || (first == 100 && second >= 64 && second < 128) // shared address space (CGNAT)
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240; // reserved, broadcast
    }
    if (address instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) { // unique local, fc00::/7
        return true;
      }
      return embeddedIpv4(b).map(ForbiddenAddresses::forbidden).orElse(false);
    }
    return true;
  }

  /**
   * The address a URL's host names literally (a dotted quad or a bracketed IPv6 address), without
   * asking DNS; empty for a name.
   */
  public static Optional<InetAddress> literal(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!DOTTED_QUAD.matcher(bare).matches() && !bare.contains(":")) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(bare));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** The IPv4 address inside an IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) one. */
  private static Optional<InetAddress> embeddedIpv4(byte[] b) {
    byte[] v4 = null;
    boolean zeroPrefix = Arrays.equals(Arrays.copyOfRange(b, 0, 12), new byte[12]);
    boolean nat64 =
        (b[0] & 0xff) == 0x00
            && (b[1] & 0xff) == 0x64
            && (b[2] & 0xff) == 0xff
            && (b[3] & 0xff) == 0x9b
            && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8]);
    if (zeroPrefix || nat64) {
      v4 = Arrays.copyOfRange(b, 12, 16);
    } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      v4 = Arrays.copyOfRange(b, 2, 6);
    }
    if (v4 == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(v4));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
