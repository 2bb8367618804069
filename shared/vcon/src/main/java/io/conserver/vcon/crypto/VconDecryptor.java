package io.conserver.vcon.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.crypto.internal.Jose;
import io.conserver.vcon.crypto.internal.Jose.Malformed;
import io.conserver.vcon.crypto.internal.JweContent;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Objects;
import java.util.Set;

/**
 * Decrypts an encrypted vCon (JWE General JSON serialization, or the flattened one) with an RSA
 * private key. Key encryption RSA-OAEP or RSA-OAEP-256; content encryption AES-CBC-HMAC or AES-GCM.
 * The protected, unprotected and per-recipient headers may repeat a parameter with the same value,
 * as the WG example does. Each recipient is tried in turn with the key.
 *
 * <p>The plaintext (optionally gzipped) is parsed with {@link VconJson}; normally it is a signed
 * vCon, still to be verified with {@link VconVerifier}. An unprotected {@code uuid} must match the
 * uuid of the decrypted vCon.
 *
 * <p>Every failure is a {@link VconCryptoException}. Immutable and thread-safe.
 */
public final class VconDecryptor {
  private static final Set<String> KEY_ALGORITHMS = Set.of("RSA-OAEP", "RSA-OAEP-256");

  private static final Set<String> CONTENT_ALGORITHMS =
      Set.of("A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM");

  private final RSAPrivateKey key;

  private VconDecryptor(RSAPrivateKey key) {
    this.key = key;
  }

  /**
   * A decryptor with this private key.
   *
   * @throws VconCryptoException when it is not an RSA key
   */
  public static VconDecryptor withKey(PrivateKey key) {
    Objects.requireNonNull(key, "key");
    if (!(key instanceof RSAPrivateKey rsa)) {
      throw new VconCryptoException(
          "only RSA private keys can decrypt a vCon (RSA-OAEP); this key is " + key.getAlgorithm());
    }
    return new VconDecryptor(rsa);
  }

  /**
   * Decrypts an encrypted vCon.
   *
   * @return the plaintext document, normally the signed form of the vCon
   * @throws VconCryptoException when the document is not a JWE, uses an unsupported algorithm, the
   *     key fits no recipient or the ciphertext was altered
   */
  public JsonNode decrypt(JsonNode encrypted) {
    if (encrypted == null || !encrypted.isObject()) {
      throw new VconCryptoException("malformed JWE: an encrypted vCon must be a JSON object");
    }
    try {
      return decryptJwe(encrypted);
    } catch (Malformed e) {
      throw new VconCryptoException("malformed JWE: " + e.getMessage());
    }
  }

  private JsonNode decryptJwe(JsonNode jwe) throws Malformed {
    String protectedB64 = Jose.optionalText(jwe, "protected", "member");
    ObjectNode protectedHeader = Jose.protectedHeader(protectedB64, "protected header");
    ObjectNode unprotected = Jose.optionalObject(jwe, "unprotected", "member");
    byte[] iv = part(jwe, "iv");
    byte[] ciphertext = part(jwe, "ciphertext");
    byte[] tag = part(jwe, "tag");
    String aadMember = Jose.optionalText(jwe, "aad", "member");
    String aad =
        (protectedB64 == null ? "" : protectedB64) + (aadMember == null ? "" : "." + aadMember);

    JsonNode recipients = jwe.get("recipients");
    if (recipients == null) {
      if (!jwe.has("encrypted_key")) {
        throw new Malformed("missing \"recipients\" array (is this an encrypted vCon?)");
      }
      recipients = Jose.array().add(jwe); // flattened serialization
    }
    if (!recipients.isArray()) {
      throw new Malformed("\"recipients\" is not an array");
    }
    if (recipients.isEmpty()) {
      throw new Malformed("the \"recipients\" array is empty");
    }

    String problem = null;
    for (JsonNode recipient : recipients) {
      if (!recipient.isObject()) {
        throw new Malformed("a \"recipients\" entry is not a JSON object");
      }
      ObjectNode header =
          Jose.merge(
              protectedHeader, unprotected, Jose.optionalObject(recipient, "header", "recipient"));
      String alg = Jose.optionalText(header, "alg", "header parameter");
      String enc = Jose.optionalText(header, "enc", "header parameter");
      if (alg == null || enc == null) {
        throw new Malformed("the header parameters lack \"alg\" or \"enc\"");
      }
      if (!KEY_ALGORITHMS.contains(alg)) {
        problem =
            "unsupported key encryption alg " + Jose.printable(alg) + " (RSA-OAEP or RSA-OAEP-256)";
        continue;
      }
      if (!CONTENT_ALGORITHMS.contains(enc)) {
        problem = "unsupported content encryption enc " + Jose.printable(enc);
        continue;
      }
      byte[] encryptedKey = part(recipient, "encrypted_key");
      byte[] plaintext = decryptFor(header, encryptedKey, iv, ciphertext, tag, aad);
      if (plaintext != null) {
        JsonNode document = Jose.readDocument(plaintext, "decrypted content");
        checkUuid(unprotected, document);
        return document;
      }
    }
    if (problem != null && recipients.size() == 1) {
      throw new VconCryptoException("cannot decrypt: " + problem);
    }
    throw new VconCryptoException(
        "cannot decrypt: the private key fits none of the "
            + recipients.size()
            + " recipient(s), or the encrypted vCon was altered");
  }

  private byte[] decryptFor(
      ObjectNode header, byte[] encryptedKey, byte[] iv, byte[] ciphertext, byte[] tag, String aad)
      throws Malformed {
    if (header.has("crit")) {
      throw new Malformed("unsupported critical header parameter(s): " + header.get("crit"));
    }
    String zip = Jose.optionalText(header, "zip", "header parameter");
    return JweContent.decrypt(
        key,
        Jose.optionalText(header, "alg", "header parameter"),
        Jose.optionalText(header, "enc", "header parameter"),
        zip,
        encryptedKey,
        iv,
        ciphertext,
        tag,
        Jose.ascii(aad));
  }

  private static void checkUuid(ObjectNode unprotected, JsonNode document) {
    JsonNode declared = unprotected.get("uuid");
    String actual = Jose.findUuid(document);
    if (declared != null
        && declared.isTextual()
        && actual != null
        && !declared.textValue().equals(actual)) {
      throw new VconCryptoException(
          "uuid in the JWE header ("
              + Jose.printable(declared.textValue())
              + ") does not match the decrypted vCon's uuid ("
              + Jose.printable(actual)
              + ")");
    }
  }

  private static byte[] part(JsonNode object, String member) throws Malformed {
    return Jose.fromBase64Url(Jose.requiredText(object, member, "member"), "\"" + member + "\"");
  }
}
