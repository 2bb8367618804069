package io.conserver.server.share;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import io.conserver.platform.erase.ReceiptSigner;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * Signs a shared vCon into the vCon signed form (JWS General JSON, one signature, ES256) with the
 * tenant's share-signing key. The tenant's key carries no certificate, so the protected header
 * names it by {@code kid} (hex SHA-256 prefix of its public key) instead of {@code x5c}; the
 * recipient verifies with the public key the share's creator handed over ({@link #publicJwk}).
 */
public final class SharedVconSigner {
  private final ECPrivateKey privateKey;
  private final ECPublicKey publicKey;

  public SharedVconSigner(KeyPair keys) {
    this.privateKey = (ECPrivateKey) keys.getPrivate();
    this.publicKey = (ECPublicKey) keys.getPublic();
  }

  /** The signed form: {@code {"payload", "signatures": [{"protected", "header", "signature"}]}}. */
  public ObjectNode sign(byte[] vconJson, String uuid) {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ReceiptSigner.keyId(publicKey)).build();
    JWSObject jws = new JWSObject(header, new Payload(vconJson));
    try {
      jws.sign(new ECDSASigner(privateKey));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing the shared vCon failed", e);
    }
    ObjectNode signed = JsonNodeFactory.instance.objectNode();
    signed.put("payload", jws.getPayload().toBase64URL().toString());
    ObjectNode signature = signed.putArray("signatures").addObject();
    signature.put("protected", jws.getHeader().toBase64URL().toString());
    signature.putObject("header").put("uuid", uuid);
    signature.put("signature", jws.getSignature().toString());
    return signed;
  }

  /** The public key as a JWK (what a recipient verifies with). */
  public JsonNode publicJwk() {
    ECKey jwk =
        new ECKey.Builder(Curve.P_256, publicKey)
            .keyID(ReceiptSigner.keyId(publicKey))
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.ES256)
            .build();
    return io.conserver.vcon.VconJson.codec()
        .read(jwk.toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
