package io.conserver.functions.ingest.sources;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small RFC 5322 / MIME reader, over text read as Latin-1 (one char per byte), for what e-mail
 * threads need: unfolded headers, and the text/plain body of a single-part message or of a (nested)
 * multipart one (the first text/plain part wins, as in multipart/alternative). Quoted-printable and
 * base64 are decoded; encoded-word headers ({@code =?UTF-8?Q?...?=}) are decoded. No jakarta.mail
 * here: it is not available to this build, and the subset is small.
 */
record EmailMessage(Map<String, String> headers, String body) {
  private static final Pattern ENCODED_WORD =
      Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=(\\s+(?==\\?))?");
  private static final Pattern ADDRESS =
      Pattern.compile("<([^<>@\\s]+@[^<>\\s]+)>|([^\\s<>,;\"]+@[^\\s<>,;\"]+)");

  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  static EmailMessage parse(String raw) {
    String text = raw.replace("\r\n", "\n");
    int split = text.indexOf("\n\n");
    String head = split < 0 ? text : text.substring(0, split);
    String rest = split < 0 ? "" : text.substring(split + 2);
    Map<String, String> headers = headers(head);
    return new EmailMessage(headers, bodyOf(headers, rest));
  }

  private static Map<String, String> headers(String head) {
    Map<String, String> headers = new LinkedHashMap<>();
    String unfolded = head.replaceAll("\n[ \t]+", " ");
    for (String line : unfolded.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        // The first occurrence wins: a forwarded block lower down must not override it.
        // The text is read byte for byte (Latin-1); raw 8-bit headers (RFC 6532) are UTF-8.
        String value =
            new String(
                line.substring(colon + 1).strip().getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8);
        headers.putIfAbsent(name, decodeWords(value));
      }
    }
    return headers;
  }

  private static String bodyOf(Map<String, String> headers, String body) {
    String type = headers.getOrDefault("content-type", "text/plain");
    String lower = type.toLowerCase(Locale.ROOT);
    if (lower.startsWith("multipart/")) {
      Optional<String> boundary = parameter(type, "boundary");
      if (boundary.isEmpty()) {
        return "";
      }
      for (String part : body.split("\n?--" + Pattern.quote(boundary.get()) + "(--)?[ \t]*\n?")) {
        if (part.isBlank()) {
          continue;
        }
        EmailMessage inner = parse(part);
        String innerType =
            inner.header("content-type").orElse("text/plain").toLowerCase(Locale.ROOT);
        if ((innerType.startsWith("text/plain") || innerType.startsWith("multipart/"))
            && !inner.body().isEmpty()) {
          return inner.body();
        }
      }
      return "";
    }
    if (!lower.startsWith("text/plain")) {
      return "";
    }
    Charset charset = charset(parameter(type, "charset").orElse("us-ascii"));
    String encoding =
        headers.getOrDefault("content-transfer-encoding", "7bit").toLowerCase(Locale.ROOT);
    byte[] bytes;
    if (encoding.equals("base64")) {
      try {
        bytes = Base64.getMimeDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        return "";
      }
    } else if (encoding.equals("quoted-printable")) {
      bytes = quotedPrintable(body, false);
    } else {
      // The message was read as Latin-1, so these are its bytes, read again in their charset.
      bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    }
    return new String(bytes, charset).strip();
  }

  static Optional<String> parameter(String header, String name) {
    Matcher m =
        Pattern.compile("(?i);\\s*" + name + "\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)").matcher(header);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(m.group(2) != null ? m.group(2) : m.group(1));
  }

  private static Charset charset(String name) {
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  private static byte[] quotedPrintable(String text, boolean underscoreIsSpace) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    String s = underscoreIsSpace ? text : text.replace("=\n", "");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '=' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else if (c == '_' && underscoreIsSpace) {
        out.write(' ');
      } else {
        out.write(c & 0xff); // a byte of the Latin-1 reading
      }
    }
    return out.toByteArray();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  static String decodeWords(String value) {
    Matcher m = ENCODED_WORD.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Charset charset = charset(m.group(1));
      byte[] bytes;
      try {
        bytes =
            m.group(2).equalsIgnoreCase("B")
                ? Base64.getDecoder().decode(m.group(3))
                : quotedPrintable(m.group(3), true);
      } catch (IllegalArgumentException e) {
        bytes = m.group(0).getBytes(StandardCharsets.UTF_8);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(new String(bytes, charset)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The addresses of an address-list header, in order, lower-cased. */
  static List<String> addresses(String header) {
    List<String> found = new ArrayList<>();
    Matcher m = ADDRESS.matcher(header);
    while (m.find()) {
      String address = (m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase(Locale.ROOT);
      if (!found.contains(address)) {
        found.add(address);
      }
    }
    return found;
  }

  /** The display name given to an address in a header ({@code "Ann Lee" <ann@x>}), if any. */
  static Optional<String> displayName(String header, String address) {
    for (String entry : header.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
      if (entry.toLowerCase(Locale.ROOT).contains("<" + address + ">")) {
        String name = entry.substring(0, entry.indexOf('<')).strip().replaceAll("^\"|\"$", "");
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
      }
    }
    return Optional.empty();
  }
}
