package io.conserver.vcon.crypto;

import static io.conserver.vcon.crypto.Fixtures.WG_TIME;
import static io.conserver.vcon.crypto.Fixtures.wgCert;
import static io.conserver.vcon.crypto.Fixtures.wgExample;
import static io.conserver.vcon.crypto.Fixtures.wgKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.crypto.internal.Jose;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broken JWS and JWE documents: clear messages, never a NullPointerException. */
class MalformedInputTest {
  private final VconVerifier verifier = VconVerifier.trusting(List.of(wgCert("fake_ca_root.crt")));
  private final VconDecryptor decryptor = VconDecryptor.withKey(wgKey("fake_grp.key"));

  private static ObjectNode signed() {
    return wgExample("ab_call_ext_rec_signed.vcon").deepCopy();
  }

  private static ObjectNode signature(ObjectNode signed) {
    return (ObjectNode) signed.get("signatures").get(0);
  }

  private static String b64Json(String json) {
    return Jose.base64Url(VconJson.codec().write(VconJson.codec().read(json)));
  }

  private String reason(JsonNode signed) {
    VerificationResult result = verifier.verify(signed, WG_TIME);
    assertThat(result.valid()).isFalse();
    assertThat(result.vcon()).isNull();
    return result.reason();
  }

  @Test
  void jwsWithoutSignatures() {
    ObjectNode signed = signed();
    signed.remove("signatures");

    assertThatThrownBy(() -> verifier.verify(signed, WG_TIME))
        .isInstanceOf(VconCryptoException.class)
        .hasMessageStartingWith("malformed JWS: missing \"signatures\" array");
  }

  @Test
  void jwsWithEmptySignatures() {
    ObjectNode signed = signed();
    signed.set("signatures", Jose.array());

    assertThatThrownBy(() -> verifier.verify(signed, WG_TIME))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("malformed JWS: the \"signatures\" array is empty");
  }

  @Test
  void jwsWithoutPayload() {
    ObjectNode signed = signed();
    signed.remove("payload");

    assertThatThrownBy(() -> verifier.verify(signed, WG_TIME))
        .isInstanceOf(VconCryptoException.class)
        .hasMessageStartingWith("malformed JWS: missing \"payload\" string");
    assertThatThrownBy(() -> verifier.verify(null, WG_TIME))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("malformed JWS: a signed vCon must be a JSON object");
  }

  @Test
  void signatureEntryThatIsNotAnObject() {
    ObjectNode signed = signed();
    ((ArrayNode) signed.get("signatures")).set(0, VconJson.codec().read("\"x\""));

    assertThat(reason(signed))
        .isEqualTo("malformed JWS: a \"signatures\" entry is not a JSON object");
  }

  @Test
  void protectedHeaderThatIsNotBase64UrlOrJson() {
    ObjectNode signed = signed();
    signature(signed).put("protected", "***");
    ObjectNode notJson = signed();
    signature(notJson).put("protected", Jose.base64Url("not json".getBytes()));

    assertThat(reason(signed)).isEqualTo("malformed JWS: protected header is not base64url");
    assertThat(reason(notJson)).startsWith("malformed JWS: protected header is not JSON");
  }

  @Test
  void missingSignatureValue() {
    ObjectNode signed = signed();
    signature(signed).remove("signature");

    assertThat(reason(signed)).isEqualTo("malformed JWS: missing signature member \"signature\"");
  }

  @Test
  void conflictingAlgInProtectedAndUnprotectedHeaders() {
    ObjectNode signed = signed();
    ((ObjectNode) signature(signed).get("header")).put("alg", "ES256");

    assertThat(reason(signed))
        .isEqualTo("malformed JWS: header parameter \"alg\" has conflicting values");
  }

  @Test
  void unsupportedAlgorithms() {
    ObjectNode none = signed();
    signature(none).put("protected", b64Json("{\"alg\":\"none\"}"));
    signature(none).remove("header");
    ObjectNode hmac = signed();
    signature(hmac).put("protected", b64Json("{\"alg\":\"HS256\"}"));
    signature(hmac).remove("header");

    assertThat(reason(none)).isEqualTo("unsupported alg none");
    assertThat(reason(hmac)).isEqualTo("unsupported alg HS256");
  }

  @Test
  void missingAlg() {
    ObjectNode signed = signed();
    signature(signed).put("protected", b64Json("{\"typ\":\"JWT\"}"));
    signature(signed).remove("header");

    assertThat(reason(signed)).isEqualTo("malformed JWS: no \"alg\" header parameter");
  }

  @Test
  void noX5cAnywhere() {
    ObjectNode signed = signed();
    signature(signed).put("protected", b64Json("{\"alg\":\"RS256\"}"));
    ((ObjectNode) signature(signed).get("header")).remove("x5c");

    assertThat(reason(signed)).isEqualTo("no x5c in header");
  }

  @Test
  void x5uIsNotFetched() {
    ObjectNode signed = signed();
    signature(signed)
        .put("protected", b64Json("{\"alg\":\"RS256\",\"x5u\":\"https://example.com/c.pem\"}"));
    ((ObjectNode) signature(signed).get("header")).remove("x5c");

    assertThat(reason(signed)).isEqualTo("x5u not supported without a fetch policy");
  }

  @Test
  void x5cOnlyInTheUnprotectedHeaderIsAcceptedWithANote() {
    // Re-sign with x5c only in the unprotected header, as a draft-literal signer might.
    ObjectNode signed = signed();
    String protectedB64 = b64Json("{\"alg\":\"RS256\"}");
    com.nimbusds.jose.util.Base64URL signature;
    try {
      signature =
          new com.nimbusds.jose.crypto.RSASSASigner(wgKey("fake_grp.key"))
              .sign(
                  new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.RS256),
                  Jose.ascii(protectedB64 + "." + signed.get("payload").textValue()));
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new AssertionError(e);
    }
    signature(signed).put("protected", protectedB64);
    signature(signed).put("signature", signature.toString());

    VerificationResult result = verifier.verify(signed, WG_TIME);

    assertThat(result.valid()).as(result.reason()).isTrue();
    assertThat(result.notes())
        .containsExactly("x5c is only in the unprotected header; the chain was still validated");
  }

  @Test
  void x5cThatIsNotACertificate() {
    ObjectNode signed = signed();
    signature(signed).put("protected", b64Json("{\"alg\":\"RS256\",\"x5c\":[\"AAEC\"]}"));
    signature(signed).remove("header");
    ObjectNode notArray = signed();
    signature(notArray).put("protected", b64Json("{\"alg\":\"RS256\",\"x5c\":\"AAEC\"}"));
    signature(notArray).remove("header");

    assertThat(reason(signed))
        .isEqualTo("malformed JWS: x5c[0] is not a base64 DER X.509 certificate");
    assertThat(reason(notArray)).isEqualTo("malformed JWS: x5c is not a non-empty array");
  }

  @Test
  void critIsNotUnderstood() {
    ObjectNode signed = signed();
    JsonNode x5c = signed.get("signatures").get(0).get("header").get("x5c");
    ObjectNode header = Jose.object().put("alg", "RS256");
    header.set("x5c", x5c);
    header.set("crit", Jose.array().add("exp"));
    header.put("exp", 1);
    signature(signed).put("protected", Jose.base64Url(VconJson.codec().write(header)));
    signature(signed).remove("header");

    assertThat(reason(signed)).isEqualTo("unsupported critical header parameter(s): [\"exp\"]");
  }

  @Test
  void algThatDoesNotFitTheKey() {
    ObjectNode signed = signed();
    JsonNode x5c = signed.get("signatures").get(0).get("header").get("x5c");
    ObjectNode header = Jose.object().put("alg", "ES256");
    header.set("x5c", x5c);
    signature(signed).put("protected", Jose.base64Url(VconJson.codec().write(header)));
    signature(signed).remove("header");

    assertThat(reason(signed)).isEqualTo("alg ES256 does not fit the signer certificate's RSA key");
  }

  @Test
  void headerUuidMustMatchThePayload() {
    ObjectNode signed = signed();
    ((ObjectNode) signature(signed).get("header"))
        .put("uuid", "00000000-0000-8000-8000-000000000000");

    assertThat(reason(signed))
        .isEqualTo(
            "uuid in the signature header (00000000-0000-8000-8000-000000000000) does not match"
                + " the signed vCon's uuid (019f15a6-a752-826f-b9a2-279e0d16bc46)");
  }

  @Test
  void oneGoodSignatureAmongBadOnesIsEnough() {
    ObjectNode signed = signed();
    ObjectNode bad = signature(signed).deepCopy();
    bad.put("signature", "AAAA");
    ((ArrayNode) signed.get("signatures")).insert(0, bad);

    VerificationResult result = verifier.verify(signed, WG_TIME);

    assertThat(result.valid()).isTrue();
    assertThat(result.notes())
        .containsExactly("signature 1 is not valid: signature does not match");
  }

  @Test
  void allSignaturesBadListsEveryReason() {
    ObjectNode signed = signed();
    signature(signed).put("signature", "AAAA");
    ObjectNode noX5c = Jose.object().put("protected", b64Json("{\"alg\":\"RS256\"}"));
    noX5c.put("signature", "AAAA");
    ((ArrayNode) signed.get("signatures")).add(noX5c);

    assertThat(reason(signed))
        .isEqualTo("no signature is valid: [1] signature does not match; [2] no x5c in header");
  }

  @Test
  void jweWithoutRecipients() {
    ObjectNode encrypted = wgExample("ab_call_ext_rec_encrypted.vcon").deepCopy();
    encrypted.remove("recipients");

    assertThatThrownBy(() -> decryptor.decrypt(encrypted))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("malformed JWE: missing \"recipients\" array (is this an encrypted vCon?)");
  }

  @Test
  void jweWithEmptyOrWrongRecipients() {
    ObjectNode empty = wgExample("ab_call_ext_rec_encrypted.vcon").deepCopy();
    empty.set("recipients", Jose.array());
    ObjectNode noKey = wgExample("ab_call_ext_rec_encrypted.vcon").deepCopy();
    ((ObjectNode) noKey.get("recipients").get(0)).remove("encrypted_key");

    assertThatThrownBy(() -> decryptor.decrypt(empty))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("malformed JWE: the \"recipients\" array is empty");
    assertThatThrownBy(() -> decryptor.decrypt(noKey))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("malformed JWE: missing member \"encrypted_key\"");
  }

  @Test
  void jweMissingPartsOrBadBase64() {
    ObjectNode noIv = wgExample("ab_call_ext_rec_encrypted.vcon").deepCopy();
    noIv.remove("iv");
    ObjectNode badTag = wgExample("ab_call_ext_rec_encrypted.vcon").deepCopy();
    badTag.put("tag", "not*base64");

    assertThatThrownBy(() -> decryptor.decrypt(noIv))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("malformed JWE: missing member \"iv\"");
    assertThatThrownBy(() -> decryptor.decrypt(badTag))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("malformed JWE: \"tag\" is not base64url");
    assertThatThrownBy(() -> decryptor.decrypt(VconJson.codec().read("[]")))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("malformed JWE: an encrypted vCon must be a JSON object");
  }

  @Test
  void jweWithUnsupportedKeyAlgorithm() {
    ObjectNode encrypted = wgExample("ab_call_ext_rec_encrypted.vcon").deepCopy();
    encrypted.put("protected", b64Json("{\"alg\":\"RSA1_5\",\"enc\":\"A256CBC-HS512\"}"));

    assertThatThrownBy(() -> decryptor.decrypt(encrypted))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage(
            "cannot decrypt: unsupported key encryption alg RSA1_5 (RSA-OAEP or RSA-OAEP-256)");
  }

  @Test
  void jweWithConflictingEnc() {
    ObjectNode encrypted = wgExample("ab_call_ext_rec_encrypted.vcon").deepCopy();
    ((ObjectNode) encrypted.get("unprotected")).put("enc", "A128GCM");

    assertThatThrownBy(() -> decryptor.decrypt(encrypted))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("malformed JWE: header parameter \"enc\" has conflicting values");
  }
}
