package io.conserver.vcon.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWECryptoParts;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.util.Base64URL;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.crypto.internal.ChainValidator;
import io.conserver.vcon.crypto.internal.Jose;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Objects;

/**
 * Encrypts a vCon for one RSA recipient into the encrypted form: JWE General JSON serialization
 * with content encryption A256CBC-HS512 and key encryption RSA-OAEP (default, as the draft says) or
 * RSA-OAEP-256.
 *
 * <p>The draft requires the vCon to be signed before it is encrypted; that is the caller's job (an
 * unsigned vCon is encrypted as given). The plaintext is the compact JSON written by {@link
 * VconJson#write}.
 *
 * <p>Output layout, like the WG example: {@code protected} = {alg, enc}; {@code unprotected} =
 * {uuid of the inner vCon when findable, cty "application/vcon+json", enc}; {@code recipients} =
 * [{header: {enc}, encrypted_key}]; {@code iv}, {@code ciphertext}, {@code tag}. Repeating {@code
 * enc} breaks RFC 7516's rule that header parameters be disjoint, and strict JOSE libraries (Nimbus
 * {@code JWEObjectJSON}, for one) refuse such a document; {@link #disjointHeaders()} gives an
 * encryptor that writes {@code enc} only in the protected header.
 *
 * <p>Immutable and thread-safe.
 */
public final class VconEncryptor {
  public static final String CONTENT_TYPE = "application/vcon+json";

  /** The key encryption algorithms offered. */
  public enum KeyEncryption {
    /** RSAES OAEP with SHA-1 and MGF1-SHA-1: what the draft and the WG example use. */
    RSA_OAEP("RSA-OAEP"),
    /** RSAES OAEP with SHA-256 and MGF1-SHA-256. */
    RSA_OAEP_256("RSA-OAEP-256");

    private final String alg;

    KeyEncryption(String alg) {
      this.alg = alg;
    }

    /** The JWE {@code alg} value. */
    public String alg() {
      return alg;
    }
  }

  private static final EncryptionMethod ENC = EncryptionMethod.A256CBC_HS512;

  private final RSAPublicKey recipient;
  private final KeyEncryption keyEncryption;
  private final boolean disjoint;

  private VconEncryptor(RSAPublicKey recipient, KeyEncryption keyEncryption, boolean disjoint) {
    this.recipient = recipient;
    this.keyEncryption = keyEncryption;
    this.disjoint = disjoint;
  }

  /**
   * An encryptor for the RSA key of this certificate.
   *
   * @throws VconCryptoException when the key is not RSA or the certificate's keyUsage forbids key
   *     encipherment
   */
  public static VconEncryptor forRecipient(X509Certificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    boolean[] usage = certificate.getKeyUsage();
    if (usage != null && (usage.length < 3 || !usage[2])) {
      throw new VconCryptoException(
          "recipient certificate "
              + ChainValidator.name(certificate)
              + " does not allow key encipherment (keyUsage)");
    }
    return forRecipient(certificate.getPublicKey());
  }

  /**
   * An encryptor for this RSA public key.
   *
   * @throws VconCryptoException when the key is not an RSA key of at least 2048 bits
   */
  public static VconEncryptor forRecipient(PublicKey key) {
    Objects.requireNonNull(key, "key");
    if (!(key instanceof RSAPublicKey rsa)) {
      throw new VconCryptoException(
          "only RSA recipients are supported (RSA-OAEP); this key is " + key.getAlgorithm());
    }
    int bits = rsa.getModulus().bitLength();
    if (bits < 2048) {
      throw new VconCryptoException(
          "recipient RSA key is too short: " + bits + " bits (2048 at least)");
    }
    return new VconEncryptor(rsa, KeyEncryption.RSA_OAEP, false);
  }

  /** A copy using this key encryption algorithm. */
  public VconEncryptor with(KeyEncryption keyEncryption) {
    return new VconEncryptor(recipient, Objects.requireNonNull(keyEncryption), disjoint);
  }

  /**
   * A copy that writes {@code enc} only in the protected header, so strict RFC 7516 parsers accept
   * the result; {@link VconDecryptor} reads both layouts.
   */
  public VconEncryptor disjointHeaders() {
    return new VconEncryptor(recipient, keyEncryption, true);
  }

  public KeyEncryption keyEncryption() {
    return keyEncryption;
  }

  /**
   * Encrypts a (normally signed) vCon.
   *
   * @throws VconCryptoException when the document is not a JSON object or already encrypted
   */
  public ObjectNode encrypt(JsonNode document) {
    if (document == null || !document.isObject()) {
      throw new VconCryptoException("only a JSON object can be encrypted as a vCon");
    }
    if (VconForm.of(document) == VconForm.ENCRYPTED) {
      throw new VconCryptoException("the vCon is already encrypted");
    }
    VconJson codec = VconJson.codec();
    ObjectNode protectedHeader = Jose.object();
    protectedHeader.put("alg", keyEncryption.alg());
    protectedHeader.put("enc", ENC.getName());
    String protectedB64 = Jose.base64Url(codec.write(protectedHeader));

    JWECryptoParts parts;
    try {
      JWEHeader header = JWEHeader.parse(new Base64URL(protectedB64));
      parts =
          new RSAEncrypter(recipient)
              .encrypt(header, codec.write(document), Jose.ascii(protectedB64));
    } catch (ParseException e) {
      throw new IllegalStateException("cannot parse our own JWE header", e);
    } catch (JOSEException e) {
      throw new VconCryptoException("encryption failed: " + e.getMessage(), e);
    }

    ObjectNode unprotected = Jose.object();
    String uuid = Jose.findUuid(document);
    if (uuid != null) {
      unprotected.put("uuid", uuid);
    }
    unprotected.put("cty", CONTENT_TYPE);
    ObjectNode recipientEntry = Jose.object();
    if (!disjoint) {
      unprotected.put("enc", ENC.getName());
      recipientEntry.set("header", Jose.object().put("enc", ENC.getName()));
    }
    recipientEntry.put("encrypted_key", parts.getEncryptedKey().toString());

    ObjectNode encrypted = Jose.object();
    encrypted.put("protected", protectedB64);
    encrypted.set("unprotected", unprotected);
    encrypted.set("recipients", Jose.array().add(recipientEntry));
    encrypted.put("iv", parts.getInitializationVector().toString());
    encrypted.put("ciphertext", parts.getCipherText().toString());
    encrypted.put("tag", parts.getAuthenticationTag().toString());
    return encrypted;
  }
}
