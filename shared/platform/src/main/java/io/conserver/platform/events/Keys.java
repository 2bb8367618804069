package io.conserver.platform.events;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Object keys as notifications carry them. S3 (and MinIO, and S3 via EventBridge, see {@link
 * EventBridgeFormat}) URL-encode the key with form semantics ({@code application/x-www-form-
 * urlencoded}): '+' is a space, {@code %2B} a plus, other bytes {@code %XX} of UTF-8.
 */
final class Keys {
  private Keys() {}

  /**
   * Form-decodes a key strictly: a '%' not followed by two hex digits, or bytes that are not UTF-8,
   * are poison (where {@link java.net.URLDecoder} would silently substitute U+FFFD).
   */
  static String formDecode(String encoded) {
    if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
      return encoded;
    }
    StringBuilder out = new StringBuilder(encoded.length());
    byte[] run = new byte[encoded.length() / 3 + 1];
    int i = 0;
    while (i < encoded.length()) {
      char c = encoded.charAt(i);
      if (c == '+') {
        out.append(' ');
        i++;
      } else if (c == '%') {
        int n = 0;
        while (i < encoded.length() && encoded.charAt(i) == '%') {
          if (i + 2 >= encoded.length()) {
            throw bad();
          }
          int hi = Character.digit(encoded.charAt(i + 1), 16);
          int lo = Character.digit(encoded.charAt(i + 2), 16);
          if (hi < 0 || lo < 0) {
            throw bad();
          }
          run[n++] = (byte) (hi << 4 | lo);
          i += 3;
        }
        out.append(utf8(run, n));
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static String utf8(byte[] bytes, int length) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadEvent("object key is not UTF-8 once URL-decoded");
    }
  }

  private static BadEvent bad() {
    return new BadEvent("object key is not valid URL-encoding");
  }
}
