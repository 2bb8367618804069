package io.conserver.vcon.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.VconException;
import io.conserver.vcon.VconJson;
import java.util.Base64;

/**
 * The envelope of the signed (JWS General JSON) and encrypted (JWE General JSON) forms. Only the
 * shape is checked here: verifying, decrypting and validating the vCon inside belong to the crypto
 * package, which hands the unsigned payload back to the validator.
 */
final class JoseRules {
  private JoseRules() {}

  static void signed(Checker c, ObjectNode document) {
    ObjectAt root = new ObjectAt(document, Pointer.ROOT);
    c.warning(
        Pointer.ROOT,
        "form.shape-only",
        "signed vCon: only the JWS structure was checked; verify it to validate the vCon inside");
    base64Url(c, root, "payload", true);
    ArrayNode signatures = nonEmptyArray(c, root, "signatures");
    if (signatures == null) {
      return;
    }
    for (int i = 0; i < signatures.size(); i++) {
      JsonNode signature = signatures.get(i);
      Pointer at = root.at("signatures").index(i);
      if (signature.isObject()) {
        signature(c, new ObjectAt((ObjectNode) signature, at));
      } else {
        c.wrongType(at, "a signature object", signature);
      }
    }
  }

  private static void signature(Checker c, ObjectAt signature) {
    base64Url(c, signature, "signature", true);
    if (!signature.has("protected") && !signature.has("header")) {
      c.error(
          signature.at("header"),
          "required",
          "a signature needs a `protected` or `header` member giving `alg`");
      return;
    }
    ObjectNode protectedHeader = protectedHeader(c, signature);
    ObjectAt header = c.object(signature, "header");
    if (header != null) {
      certificate(c, header);
    }
    if (protectedHeader == null) {
      return; // unreadable (reported): whether it gives alg or x5c is unknown
    }
    if (!hasString(protectedHeader, "alg") && !hasString(node(header), "alg")) {
      Pointer at = header != null ? header.at("alg") : signature.at("protected");
      c.error(at, "required", "the JWS header must give `alg`");
    }
    if (!hasCertificate(protectedHeader) && !hasCertificate(node(header))) {
      c.warning(
          header != null ? header.at() : signature.at(),
          "jws.no-certificate",
          "the draft requires `x5c` or `x5u` in the header so the signer can be found");
    }
  }

  private static void certificate(Checker c, ObjectAt header) {
    c.stringArray(header, "x5c", (value, at) -> {});
    c.httpsUrl(header, "x5u");
  }

  private static boolean hasCertificate(ObjectNode header) {
    return header != null && (header.has("x5c") || header.has("x5u"));
  }

  static void encrypted(Checker c, ObjectNode document) {
    ObjectAt root = new ObjectAt(document, Pointer.ROOT);
    c.warning(
        Pointer.ROOT,
        "form.shape-only",
        "encrypted vCon: only the JWE structure was checked; decrypt it to validate the vCon inside");
    ObjectNode protectedHeader = protectedHeader(c, root);
    ObjectAt unprotected = c.object(root, "unprotected");
    base64Url(c, root, "iv", true);
    base64Url(c, root, "ciphertext", true);
    base64Url(c, root, "tag", true);
    base64Url(c, root, "aad", false);
    ArrayNode recipients = nonEmptyArray(c, root, "recipients");
    // alg and enc may sit in the protected, the shared unprotected or a per-recipient header.
    boolean headersReadable = protectedHeader != null;
    boolean encFound = hasString(protectedHeader, "enc") || hasString(node(unprotected), "enc");
    for (int i = 0; recipients != null && i < recipients.size(); i++) {
      JsonNode recipient = recipients.get(i);
      Pointer at = root.at("recipients").index(i);
      if (!recipient.isObject()) {
        c.wrongType(at, "a recipient object", recipient);
        continue;
      }
      ObjectAt r = new ObjectAt((ObjectNode) recipient, at);
      base64Url(c, r, "encrypted_key", true);
      ObjectAt header = c.object(r, "header");
      encFound |= hasString(node(header), "enc");
      boolean algFound =
          hasString(protectedHeader, "alg")
              || hasString(node(unprotected), "alg")
              || hasString(node(header), "alg");
      if (headersReadable && !algFound) {
        Pointer missing = header != null ? header.at("alg") : r.at("header");
        c.error(missing, "required", "the key management `alg` is not given in any JWE header");
      }
    }
    if (headersReadable && !encFound) {
      Pointer missing = unprotected != null ? unprotected.at("enc") : root.at("unprotected");
      c.error(missing, "required", "the content encryption `enc` is not given in any JWE header");
    }
  }

  /**
   * The decoded {@code protected} header: empty when there is none, null when it is there but
   * cannot be read (reported).
   */
  private static ObjectNode protectedHeader(Checker c, ObjectAt holder) {
    if (!holder.has("protected")) {
      return JsonNodeFactory.instance.objectNode();
    }
    String encoded = c.string(holder, "protected");
    if (encoded == null) {
      return null;
    }
    JsonNode header = decodeJson(encoded);
    if (header == null || !header.isObject()) {
      c.error(
          holder.at("protected"),
          "format.jose-header",
          "`protected` must be a base64url-encoded JSON object");
      return null;
    }
    return (ObjectNode) header;
  }

  private static JsonNode decodeJson(String encoded) {
    if (!Formats.isBase64Url(encoded, false)) {
      return null;
    }
    try {
      return VconJson.codec().read(Base64.getUrlDecoder().decode(encoded));
    } catch (IllegalArgumentException | VconException e) {
      return null;
    }
  }

  private static void base64Url(Checker c, ObjectAt holder, String name, boolean required) {
    if (required && !holder.has(name)) {
      c.missing(holder, name);
      return;
    }
    String value = c.string(holder, name);
    if (value != null && !Formats.isBase64Url(value, false)) {
      c.error(holder.at(name), "format.base64url", "`" + name + "` must be unpadded base64url");
    }
  }

  private static ArrayNode nonEmptyArray(Checker c, ObjectAt holder, String name) {
    if (!holder.has(name)) {
      c.missing(holder, name);
      return null;
    }
    ArrayNode array = c.array(holder, name);
    if (array != null && array.isEmpty()) {
      c.error(holder.at(name), "required", "`" + name + "` must not be empty");
      return null;
    }
    return array;
  }

  private static ObjectNode node(ObjectAt object) {
    return object == null ? null : object.node();
  }

  private static boolean hasString(ObjectNode header, String name) {
    return header != null && header.path(name).isTextual();
  }
}
