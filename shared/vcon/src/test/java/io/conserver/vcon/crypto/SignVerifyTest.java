package io.conserver.vcon.crypto;

import static io.conserver.vcon.crypto.Fixtures.OWN_TIME;
import static io.conserver.vcon.crypto.Fixtures.cert;
import static io.conserver.vcon.crypto.Fixtures.certs;
import static io.conserver.vcon.crypto.Fixtures.key;
import static io.conserver.vcon.crypto.Fixtures.sampleVcon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.crypto.internal.Jose;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignVerifyTest {
  private static VconSigner rsaSigner() {
    return VconSigner.of(key("rsa_leaf.key"), List.of(cert("rsa_leaf.crt")));
  }

  private static VconSigner ecSigner() {
    return VconSigner.of(key("ec_leaf.key"), certs("ec_chain.pem"));
  }

  private static JsonNode protectedHeader(JsonNode signed) {
    String b64 = signed.get("signatures").get(0).get("protected").textValue();
    return VconJson.codec().read(Base64.getUrlDecoder().decode(b64));
  }

  @Test
  void rs256RoundTrip() {
    JsonNode vcon = sampleVcon();
    JsonNode signed = rsaSigner().sign(vcon);

    VerificationResult result =
        VconVerifier.trusting(List.of(cert("rsa_root.crt"))).verify(signed, OWN_TIME);

    assertThat(VconForm.of(signed)).isEqualTo(VconForm.SIGNED);
    assertThat(result.valid()).as(result.reason()).isTrue();
    assertThat(result.vcon()).isEqualTo(vcon);
    assertThat(result.signerSubject()).contains("CN=Conserver Test RSA Signer");
    assertThat(result.notes()).isEmpty();
  }

  @Test
  void es256RoundTripThroughAnIntermediate() {
    VconSigner signer = ecSigner();
    JsonNode vcon = sampleVcon();
    JsonNode signed = signer.sign(vcon);

    VerificationResult result =
        VconVerifier.trusting(List.of(cert("ec_root.crt"))).verify(signed, OWN_TIME);

    assertThat(signer.algorithm()).isEqualTo("ES256");
    assertThat(result.valid()).as(result.reason()).isTrue();
    assertThat(result.vcon()).isEqualTo(vcon);
    assertThat(result.reason())
        .isEqualTo(
            "valid: signed by CN=Conserver Test EC Signer, trusted through CN=Conserver Test EC"
                + " Root");
  }

  @Test
  void sec1AndPkcs1KeysSignToo() {
    JsonNode vcon = sampleVcon();
    JsonNode ec = VconSigner.of(key("ec_leaf_sec1.key"), certs("ec_chain.pem")).sign(vcon);
    JsonNode rsa =
        VconSigner.of(key("rsa_leaf_pkcs1.key"), List.of(cert("rsa_leaf.crt"))).sign(vcon);

    assertThat(VconVerifier.trusting(List.of(cert("ec_root.crt"))).verify(ec, OWN_TIME).valid())
        .isTrue();
    assertThat(VconVerifier.trusting(List.of(cert("rsa_root.crt"))).verify(rsa, OWN_TIME).valid())
        .isTrue();
  }

  @Test
  void signedFormHasTheAgreedShape() {
    JsonNode signed = rsaSigner().sign(sampleVcon());
    JsonNode signature = signed.get("signatures").get(0);
    JsonNode header = protectedHeader(signed);

    assertThat(signed.fieldNames()).toIterable().containsExactly("payload", "signatures");
    assertThat(header.get("alg").textValue()).isEqualTo("RS256");
    assertThat(header.get("x5c")).hasSize(1);
    assertThat(signature.get("header").get("uuid").textValue())
        .isEqualTo("019f15a6-a752-826f-b9a2-279e0d16bc46");
    assertThat(signature.get("header").has("x5c")).isFalse();
    assertThat(new String(Base64.getUrlDecoder().decode(signed.get("payload").textValue())))
        .isEqualTo(new String(VconJson.codec().write(sampleVcon()), StandardCharsets.UTF_8));
  }

  @Test
  void chainIsCarriedLeafFirst() {
    JsonNode header = protectedHeader(ecSigner().sign(sampleVcon()));

    assertThat(header.get("x5c")).hasSize(2);
    assertThat(header.get("alg").textValue()).isEqualTo("ES256");
  }

  @Test
  void wrongRootDoesNotTrust() {
    JsonNode signed = ecSigner().sign(sampleVcon());

    VerificationResult result =
        VconVerifier.trusting(List.of(cert("rsa_root.crt"))).verify(signed, OWN_TIME);

    assertThat(result.valid()).isFalse();
    assertThat(result.reason()).isEqualTo("certificate chain does not reach a trusted anchor");
    assertThat(result.signerSubject()).contains("CN=Conserver Test EC Signer");
  }

  @Test
  void clockIsUsedWhenNoInstantIsGiven() {
    JsonNode signed = rsaSigner().sign(sampleVcon());
    VconVerifier verifier = VconVerifier.trusting(List.of(cert("rsa_root.crt")));

    VerificationResult past =
        verifier
            .withClock(Clock.fixed(Instant.parse("2000-01-01T00:00:00Z"), ZoneOffset.UTC))
            .verify(signed);
    VerificationResult inside =
        verifier.withClock(Clock.fixed(OWN_TIME, ZoneOffset.UTC)).verify(signed);

    assertThat(past.reason()).startsWith("certificate not yet valid: CN=Conserver Test RSA");
    assertThat(inside.valid()).isTrue();
  }

  @Test
  void certificateIssuedByANonCaIsRefused() {
    PrivateKey underLeafKey = key("rsa_under_leaf.key");
    JsonNode signed =
        VconSigner.of(underLeafKey, List.of(cert("rsa_under_leaf.crt"), cert("rsa_leaf.crt")))
            .sign(sampleVcon());

    VerificationResult result =
        VconVerifier.trusting(List.of(cert("rsa_root.crt"))).verify(signed, OWN_TIME);

    assertThat(result.valid()).isFalse();
    assertThat(result.reason())
        .isEqualTo(
            "certificate is not a CA but issued another certificate: CN=Conserver Test RSA"
                + " Signer");
  }

  @Test
  void brokenChainIsReported() {
    // leaf + an intermediate that did not issue it, anchored at the intermediate's issuer
    JsonNode signed =
        VconSigner.of(key("rsa_leaf.key"), List.of(cert("rsa_leaf.crt"), cert("ec_int.crt")))
            .sign(sampleVcon());

    VerificationResult result =
        VconVerifier.trusting(List.of(cert("ec_root.crt"))).verify(signed, OWN_TIME);

    assertThat(result.reason())
        .isEqualTo(
            "certificate chain is broken: CN=Conserver Test RSA Signer is not signed by"
                + " CN=Conserver Test EC Intermediate");
  }

  @Test
  void resigningASignedVconForArchivingWorks() {
    JsonNode inner = rsaSigner().sign(sampleVcon());
    JsonNode outer = ecSigner().sign(inner);

    VerificationResult result =
        VconVerifier.trusting(List.of(cert("ec_root.crt"))).verify(outer, OWN_TIME);

    assertThat(result.valid()).as(result.reason()).isTrue();
    assertThat(result.vcon()).isEqualTo(inner);
    assertThat(outer.get("signatures").get(0).get("header").get("uuid").textValue())
        .isEqualTo("019f15a6-a752-826f-b9a2-279e0d16bc46");
  }

  @Test
  void gzippedPayloadIsAccepted() throws Exception {
    // the draft allows the payload to be the gzipped vCon; build one by hand with the RSA key
    JsonNode vcon = sampleVcon();
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(VconJson.codec().write(vcon));
    }
    ObjectNode signed = rsaSigner().sign(vcon);
    String payload = Jose.base64Url(gz.toByteArray());
    String protectedB64 = signed.get("signatures").get(0).get("protected").textValue();
    com.nimbusds.jose.crypto.RSASSASigner signer =
        new com.nimbusds.jose.crypto.RSASSASigner(key("rsa_leaf.key"));
    String signature =
        signer
            .sign(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.RS256),
                Jose.ascii(protectedB64 + "." + payload))
            .toString();
    signed.put("payload", payload);
    ((ObjectNode) signed.get("signatures").get(0)).put("signature", signature);

    VerificationResult result =
        VconVerifier.trusting(List.of(cert("rsa_root.crt"))).verify(signed, OWN_TIME);

    assertThat(result.valid()).as(result.reason()).isTrue();
    assertThat(result.vcon()).isEqualTo(vcon);
  }

  @Test
  void keyThatDoesNotBelongToTheLeafIsRefused() {
    assertThatThrownBy(() -> VconSigner.of(key("rsa_root.key"), List.of(cert("rsa_leaf.crt"))))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage(
            "the private key does not belong to the leaf certificate CN=Conserver Test RSA"
                + " Signer");
    assertThatThrownBy(() -> VconSigner.of(key("ec_leaf.key"), List.of(cert("rsa_leaf.crt"))))
        .isInstanceOf(VconCryptoException.class)
        .hasMessageContaining("does not belong to the leaf certificate");
  }

  @Test
  void weakOrUnsupportedKeysAreRefused() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    PrivateKey weak = rsa.generateKeyPair().getPrivate();
    PrivateKey ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();

    assertThatThrownBy(() -> VconSigner.of(weak, List.of(cert("rsa_leaf.crt"))))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("RSA signing key is too short: 1024 bits (2048 at least)");
    assertThatThrownBy(() -> VconSigner.of(ed, List.of(cert("rsa_leaf.crt"))))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("unsupported signing key type EdDSA (RSA or EC only)");
    assertThatThrownBy(() -> VconSigner.of(key("rsa_leaf.key"), List.of()))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("a signing certificate chain needs at least the leaf");
  }

  @Test
  void onlyUnsignedOrSignedObjectsAreSigned() {
    VconSigner signer = rsaSigner();
    JsonNode encrypted =
        VconEncryptor.forRecipient(cert("rsa_leaf.crt")).encrypt(signer.sign(sampleVcon()));

    assertThatThrownBy(() -> signer.sign(encrypted))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("an encrypted vCon cannot be signed; decrypt it first");
    assertThatThrownBy(() -> signer.sign(VconJson.codec().read("[1]")))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("only a JSON object can be signed as a vCon");
  }
}
