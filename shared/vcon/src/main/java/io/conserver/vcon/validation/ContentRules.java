package io.conserver.vcon.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The draft's "inline file" and "externally referenced file" rules, shared by dialog, analysis and
 * attachment objects, and the ContentHash syntax, shared with {@code redacted} and {@code amended}.
 */
final class ContentRules {
  static final Set<String> ENCODINGS = Set.of("base64url", "json", "none");

  /** Base64url digest lengths of the algorithms we know; others get a warning, not an error. */
  private static final Map<String, Integer> DIGEST_LENGTHS =
      Map.of("sha512", 86, "sha384", 64, "sha256", 43);

  private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+");

  private ContentRules() {}

  /** mediatype, filename, body/encoding or url/content_hash of a dialog, analysis or attachment. */
  static void check(Checker c, ObjectAt holder) {
    description(c, holder);
    payload(c, holder);
  }

  /** What the file is: mediatype and filename. */
  static void description(Checker c, ObjectAt holder) {
    c.mediatype(holder, "mediatype");
    c.string(holder, "filename");
    c.legacy(holder, "mimetype", "`mediatype`"); // renamed in 0.0.2
  }

  /** The file itself: inline (body, encoding) or external (url, content_hash). */
  static void payload(Checker c, ObjectAt holder) {
    if (holder.has("body") && holder.has("url")) {
      c.error(
          holder.at(),
          "exclusive",
          "`body` and `url` are mutually exclusive: a file is either inline or external");
    }
    external(c, holder);
    inline(c, holder);
    // alg + signature were combined into content_hash in 0.0.2.
    c.legacy(holder, "alg", "`content_hash`");
    c.legacy(holder, "signature", "`content_hash`");
  }

  /** url (https only) and the content_hash that must accompany it. */
  static void external(Checker c, ObjectAt holder) {
    if (holder.has("url")) {
      c.httpsUrl(holder, "url");
      if (!holder.has("content_hash")) {
        c.error(
            holder.at("content_hash"),
            "required",
            "`content_hash` is required with `url`, so the fetched file can be verified");
      }
    }
    JsonNode hash = holder.get("content_hash");
    if (hash != null) {
      contentHash(c, hash, holder.at("content_hash"));
    }
  }

  private static void inline(Checker c, ObjectAt holder) {
    String encoding = c.string(holder, "encoding");
    if (encoding != null && !ENCODINGS.contains(encoding)) {
      c.error(holder.at("encoding"), "enum", "`encoding` must be base64url, json or none");
      encoding = null;
    }
    JsonNode body = holder.get("body");
    if (body == null || isEmpty(body)) {
      return;
    }
    if (!holder.has("encoding")) {
      // The draft lets readers guess the encoding "in the interest of being tolerant".
      c.strictError(
          holder.at("encoding"), "required", "`encoding` is required when `body` is not empty");
      return;
    }
    if (encoding == null || encoding.equals("json")) {
      return; // with json the body may be any JSON value
    }
    Pointer at = holder.at("body");
    if (!body.isTextual()) {
      c.wrongType(at, "a string unless `encoding` is json", body);
    } else if (encoding.equals("base64url") && !Formats.isBase64Url(body.textValue(), true)) {
      c.error(
          at, "encoding.base64url", "`body` is not valid base64url (A-Z a-z 0-9 - _, no spaces)");
    }
  }

  private static boolean isEmpty(JsonNode body) {
    return body.isNull() || (body.isTextual() && body.textValue().isEmpty());
  }

  /** {@code ContentHash | ContentHash[]}. */
  static void contentHash(Checker c, JsonNode value, Pointer at) {
    if (value.isTextual()) {
      hashToken(c, value.textValue(), at);
    } else if (value.isArray()) {
      if (value.isEmpty()) {
        c.error(at, "hash.empty", "`content_hash` must hold at least one hash");
      }
      for (int i = 0; i < value.size(); i++) {
        JsonNode token = value.get(i);
        if (token.isTextual()) {
          hashToken(c, token.textValue(), at.index(i));
        } else {
          c.wrongType(at.index(i), "a hash string", token);
        }
      }
    } else {
      c.wrongType(at, "a hash string or an array of them", value);
    }
  }

  // "<alg>-<base64url digest>", alg in lower case without hyphens (draft, ContentHash).
  private static void hashToken(Checker c, String token, Pointer at) {
    int dash = token.indexOf('-');
    String algorithm = dash < 0 ? "" : token.substring(0, dash);
    String digest = dash < 0 ? "" : token.substring(dash + 1);
    if (!ALGORITHM.matcher(algorithm).matches()
        || digest.isEmpty()
        || !Formats.isBase64Url(digest, false)) {
      c.error(
          at,
          "hash.format",
          "a content hash must be a lowercase algorithm, '-', and an unpadded base64url digest");
      return;
    }
    Integer length = DIGEST_LENGTHS.get(algorithm);
    if (length == null) {
      c.warning(at, "hash.unknown-algorithm", "hash algorithm is not one this library can verify");
    } else if (digest.length() != length) {
      c.error(
          at,
          "hash.length",
          "a " + algorithm + " digest is " + length + " base64url characters long");
    }
  }
}
