package io.conserver.vcon.crypto.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.VconException;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.VconJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Small helpers to read and write the JOSE General JSON serializations with Jackson. Nimbus's own
 * {@code JWSObjectJSON}/{@code JWEObjectJSON} insist (as RFC 7515/7516 say) that protected,
 * unprotected and per-recipient header parameters are disjoint, but the WG examples repeat {@code
 * alg}/{@code enc} in several of them; so the envelope is handled here and only the cryptographic
 * primitives come from Nimbus.
 */
public final class Jose {
  private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Jose() {}

  /** A new empty JSON array. */
  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** A new empty JSON object. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** A structural problem in a JWS or JWE; the message says what, without a prefix. */
  public static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    public Malformed(String message) {
      super(message);
    }
  }

  public static String base64Url(byte[] data) {
    return URL_ENCODER.encodeToString(data);
  }

  /** Base64url (padding tolerated) to bytes. */
  public static byte[] fromBase64Url(String value, String what) throws Malformed {
    try {
      return Base64.getUrlDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new Malformed(what + " is not base64url");
    }
  }

  /** A member that must be a string when present; {@code null} when absent. */
  public static String optionalText(JsonNode object, String member, String what) throws Malformed {
    JsonNode value = object.get(member);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw new Malformed(what + " \"" + member + "\" is not a string");
    }
    return value.textValue();
  }

  /** A member that must be a string. */
  public static String requiredText(JsonNode object, String member, String what) throws Malformed {
    String value = optionalText(object, member, what);
    if (value == null) {
      throw new Malformed("missing " + what + " \"" + member + "\"");
    }
    return value;
  }

  /** A member that must be a JSON object when present; an empty object when absent. */
  public static ObjectNode optionalObject(JsonNode object, String member, String what)
      throws Malformed {
    JsonNode value = object.get(member);
    if (value == null) {
      return object();
    }
    if (!value.isObject()) {
      throw new Malformed(what + " \"" + member + "\" is not a JSON object");
    }
    return (ObjectNode) value;
  }

  /** Decodes a base64url protected header to its JSON object; absent gives an empty object. */
  public static ObjectNode protectedHeader(String base64Url, String what) throws Malformed {
    if (base64Url == null || base64Url.isEmpty()) {
      return object();
    }
    byte[] json = fromBase64Url(base64Url, what);
    JsonNode header;
    try {
      header = VconJson.codec().read(json);
    } catch (VconException e) {
      throw new Malformed(what + " is not JSON: " + e.getMessage());
    }
    if (!header.isObject()) {
      throw new Malformed(what + " is not a JSON object");
    }
    return (ObjectNode) header;
  }

  /**
   * The union of header objects. A parameter may appear in several of them (as in the WG examples)
   * only with the same value.
   */
  public static ObjectNode merge(ObjectNode... headers) throws Malformed {
    ObjectNode merged = object();
    for (ObjectNode header : headers) {
      for (Map.Entry<String, JsonNode> field : header.properties()) {
        JsonNode existing = merged.get(field.getKey());
        if (existing != null && !existing.equals(field.getValue())) {
          throw new Malformed("header parameter \"" + field.getKey() + "\" has conflicting values");
        }
        merged.set(field.getKey(), field.getValue());
      }
    }
    return merged;
  }

  /** A value taken from a document, made short and printable for an error message. */
  public static String printable(String value) {
    String cleaned = value.replaceAll("[^\\x20-\\x7e]", "?");
    return cleaned.length() > 60 ? cleaned.substring(0, 60) + "..." : cleaned;
  }

  public static byte[] ascii(String value) {
    return value.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Reads a vCon document from decoded payload or plaintext bytes, gunzipping first when the bytes
   * start with the gzip magic number (the draft allows a gzipped payload).
   *
   * @throws Malformed when the bytes are not (gzipped) JSON or not a JSON object
   */
  public static JsonNode readDocument(byte[] bytes, String what) throws Malformed {
    VconJson codec = VconJson.codec();
    byte[] json = bytes;
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      json = gunzip(bytes, codec.maxBytes(), what);
    }
    JsonNode document;
    try {
      document = codec.read(json);
    } catch (VconException e) {
      throw new Malformed(what + " is not JSON: " + e.getMessage());
    }
    if (!document.isObject()) {
      throw new Malformed(what + " is not a JSON object");
    }
    return document;
  }

  private static byte[] gunzip(byte[] gzip, long maxBytes, String what) throws Malformed {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      long total = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > maxBytes) {
          throw new Malformed(what + " inflates to more than " + maxBytes + " bytes");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new Malformed(what + " is not valid gzip");
    }
  }

  /**
   * The uuid of a vCon in any form without verifying or decrypting anything: the {@code uuid}
   * member of an unsigned vCon; for a signed one the {@code uuid} header parameter, else the uuid
   * of the payload; for an encrypted one the unprotected {@code uuid}. {@code null} when none is
   * found.
   */
  public static String findUuid(JsonNode document) {
    if (document == null || !document.isObject()) {
      return null;
    }
    switch (VconForm.of(document)) {
      case UNSIGNED:
        return textOrNull(document.get("uuid"));
      case ENCRYPTED:
        JsonNode unprotected = document.get("unprotected");
        return unprotected == null ? null : textOrNull(unprotected.get("uuid"));
      case SIGNED:
      default:
        JsonNode signatures = document.get("signatures");
        if (signatures != null && signatures.isArray()) {
          for (JsonNode signature : signatures) {
            JsonNode header = signature.get("header");
            String uuid = header == null ? null : textOrNull(header.get("uuid"));
            if (uuid != null) {
              return uuid;
            }
          }
        }
        try {
          String payload = textOrNull(document.get("payload"));
          if (payload == null) {
            return null;
          }
          return findUuid(readDocument(fromBase64Url(payload, "payload"), "payload"));
        } catch (Malformed e) {
          return null;
        }
    }
  }

  private static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }
}
