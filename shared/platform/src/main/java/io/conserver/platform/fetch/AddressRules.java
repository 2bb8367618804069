package io.conserver.platform.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses a fetch may never reach. Works on raw bytes rather than {@link
 * InetAddress#isSiteLocalAddress()} and friends, which miss CGNAT, ULA, metadata and mapped forms.
 */
final class AddressRules {
  private AddressRules() {}

  /** Why the address is denied, or empty when it is a public unicast address. */
  static Optional<String> denial(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return v4(b);
    }
    if (address instanceof Inet6Address) {
      return v6(b);
    }
    return Optional.of("not an IP address");
  }

  private static Optional<String> v4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    int a2 = b[2] & 0xff;
    int a3 = b[3] & 0xff;
    if (a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254) {
      return Optional.of("cloud metadata address");
    }
    if (a0 == 0) {
      return Optional.of("unspecified address");
    }
    if (a0 == 127) {
      return Optional.of("loopback address");
    }
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
      return Optional.of("private address");
    }
    if (a0 == 169 && a1 == 254) {
      return Optional.of("link-local address");
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return Optional.of("carrier-grade NAT address");
    }
    if (a0 == 255 && a1 == 255 && a2 == 255 && a3 == 255) {
      return Optional.of("broadcast address");
    }
    if ((a0 & 0xf0) == 224) {
      return Optional.of("multicast address");
    }
    if ((a0 & 0xf0) == 240) {
      return Optional.of("reserved address");
    }
    return Optional.empty();
  }

  private static Optional<String> v6(byte[] b) {
    if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return v4(tail(b)); // IPv4-mapped ::ffff:a.b.c.d reaches the IPv4 address
    }
    if (isZero(b, 0, 12)) {
      if (isZero(b, 12, 15) && (b[15] == 0 || b[15] == 1)) {
        return Optional.of(b[15] == 0 ? "unspecified address" : "loopback address");
      }
      return v4(tail(b)); // deprecated IPv4-compatible ::a.b.c.d
    }
    if ((b[0] & 0xff) == 0x00
        && (b[1] & 0xff) == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && isZero(b, 4, 12)) {
      return v4(tail(b)); // NAT64 64:ff9b::/96 reaches the embedded IPv4 address
    }
    if ((b[0] & 0xff) == 0xfd
        && b[1] == 0
        && (b[2] & 0xff) == 0x0e
        && (b[3] & 0xff) == 0xc2
        && isZero(b, 4, 14)
        && (b[14] & 0xff) == 0x02
        && (b[15] & 0xff) == 0x54) {
      return Optional.of("cloud metadata address");
    }
    if ((b[0] & 0xfe) == 0xfc) {
      return Optional.of("private address");
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
      return Optional.of("link-local address");
    }
    if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
      return Optional.of("site-local address");
    }
    if ((b[0] & 0xff) == 0xff) {
      return Optional.of("multicast address");
    }
    return Optional.empty();
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] tail(byte[] b) {
    return new byte[] {b[12], b[13], b[14], b[15]};
  }
}
