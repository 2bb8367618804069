package io.conserver.vcon.crypto;

import static io.conserver.vcon.crypto.Fixtures.WG_TIME;
import static io.conserver.vcon.crypto.Fixtures.wgCert;
import static io.conserver.vcon.crypto.Fixtures.wgExample;
import static io.conserver.vcon.crypto.Fixtures.wgKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signed and encrypted examples of the WG draft, with the WG test certificates. */
class WgConformanceTest {
  private final JsonNode signed = wgExample("ab_call_ext_rec_signed.vcon");
  private final JsonNode encrypted = wgExample("ab_call_ext_rec_encrypted.vcon");

  @Test
  void signedExampleVerifiesAgainstTheWgRoot() {
    VerificationResult result =
        VconVerifier.trusting(List.of(wgCert("fake_ca_root.crt"))).verify(signed, WG_TIME);

    assertThat(result.valid()).as(result.reason()).isTrue();
    assertThat(result.reason()).contains("CN=grp.div.fakevcon.io").contains("CN=fakevcon.io");
    assertThat(result.signerSubject()).contains("CN=grp.div.fakevcon.io");
    assertThat(result.vcon()).isEqualTo(wgExample("ab_call_ext_rec.vcon"));
    assertThat(result.vcon()).isEqualTo(wgExample("ab_call_ext_rec_decrypted_verified.vcon"));
    assertThat(result.notes()).isEmpty();
  }

  @Test
  void signedExampleVerifiesWithTheSignerCertificatePinned() {
    VerificationResult result =
        VconVerifier.trusting(List.of(wgCert("fake_grp.crt"))).verify(signed, WG_TIME);

    assertThat(result.valid()).as(result.reason()).isTrue();
    assertThat(result.requireValid()).isEqualTo(wgExample("ab_call_ext_rec.vcon"));
  }

  @Test
  void signedExampleVerifiesWithTheIntermediateAsAnchor() {
    VerificationResult result =
        VconVerifier.trusting(List.of(wgCert("fake_div.crt"))).verify(signed, WG_TIME);

    assertThat(result.valid()).as(result.reason()).isTrue();
  }

  @Test
  void unrelatedRootWithTheSameNameIsNotTrusted() {
    VerificationResult result =
        VconVerifier.trusting(List.of(wgCert("fake_ca2_root.crt"))).verify(signed, WG_TIME);

    assertThat(result.valid()).isFalse();
    assertThat(result.reason()).isEqualTo("certificate chain does not reach a trusted anchor");
    assertThat(result.vcon()).isNull();
    assertThatThrownBy(result::requireValid)
        .isInstanceOf(VconCryptoException.class)
        .hasMessageContaining("does not reach a trusted anchor");
  }

  @Test
  void signedExampleIsExpiredAfterJune2032() {
    VerificationResult result =
        VconVerifier.trusting(List.of(wgCert("fake_ca_root.crt")))
            .verify(signed, Instant.parse("2032-06-02T00:00:00Z"));

    assertThat(result.valid()).isFalse();
    assertThat(result.reason())
        .isEqualTo("certificate expired: CN=grp.div.fakevcon.io (not after 2032-06-01T01:43:25Z)");
  }

  @Test
  void rootExpiryAloneAlsoFails() {
    // 2032-05-27: the root (not after 2032-05-26) and the intermediate are expired, the leaf not.
    VerificationResult result =
        VconVerifier.trusting(List.of(wgCert("fake_ca_root.crt")))
            .verify(signed, Instant.parse("2032-05-27T00:00:00Z"));

    assertThat(result.valid()).isFalse();
    assertThat(result.reason()).startsWith("certificate expired: CN=div.fakevcon.io");
  }

  @Test
  void notYetValidBeforeTheCertificatesWereIssued() {
    VerificationResult result =
        VconVerifier.trusting(List.of(wgCert("fake_ca_root.crt")))
            .verify(signed, Instant.parse("2020-01-01T00:00:00Z"));

    assertThat(result.valid()).isFalse();
    assertThat(result.reason())
        .isEqualTo(
            "certificate not yet valid: CN=grp.div.fakevcon.io (not before 2022-06-04T01:43:25Z)");
  }

  @Test
  void tamperedPayloadDoesNotMatchTheSignature() {
    ObjectNode tampered = signed.deepCopy();
    String payload = tampered.get("payload").textValue();
    int at = payload.length() / 2;
    char flipped = payload.charAt(at) == 'A' ? 'B' : 'A';
    tampered.put("payload", payload.substring(0, at) + flipped + payload.substring(at + 1));

    VerificationResult result =
        VconVerifier.trusting(List.of(wgCert("fake_ca_root.crt"))).verify(tampered, WG_TIME);

    assertThat(result.valid()).isFalse();
    assertThat(result.reason()).isEqualTo("signature does not match");
    assertThat(result.vcon()).isNull();
  }

  @Test
  void encryptedExampleDecryptsToTheDecryptedExample() {
    JsonNode decrypted = VconDecryptor.withKey(wgKey("fake_grp.key")).decrypt(encrypted);

    assertThat(decrypted).isEqualTo(wgExample("ab_call_ext_rec_decrypted.vcon"));
    assertThat(decrypted).isEqualTo(signed);
  }

  @Test
  void decryptedExampleVerifies() {
    JsonNode decrypted = VconDecryptor.withKey(wgKey("fake_grp.key")).decrypt(encrypted);

    JsonNode vcon =
        VconVerifier.trusting(List.of(wgCert("fake_ca_root.crt")))
            .verify(decrypted, WG_TIME)
            .requireValid();
    assertThat(vcon).isEqualTo(wgExample("ab_call_ext_rec_decrypted_verified.vcon"));
  }

  @Test
  void encryptedExampleDoesNotDecryptWithAnotherKey() {
    VconDecryptor wrong = VconDecryptor.withKey(wgKey("fake_div.key"));

    assertThatThrownBy(() -> wrong.decrypt(encrypted))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage(
            "cannot decrypt: the private key fits none of the 1 recipient(s), or the encrypted"
                + " vCon was altered");
  }

  @Test
  void alteredCiphertextDoesNotDecrypt() {
    ObjectNode altered = encrypted.deepCopy();
    String ciphertext = altered.get("ciphertext").textValue();
    char flipped = ciphertext.charAt(10) == 'A' ? 'B' : 'A';
    altered.put("ciphertext", ciphertext.substring(0, 10) + flipped + ciphertext.substring(11));

    assertThatThrownBy(() -> VconDecryptor.withKey(wgKey("fake_grp.key")).decrypt(altered))
        .isInstanceOf(VconCryptoException.class)
        .hasMessageStartingWith("cannot decrypt:");
  }

  @Test
  void signingWithTheWgKeysVerifiesLikeTheExample() {
    VconSigner signer =
        VconSigner.of(
            wgKey("fake_grp.key"), List.of(wgCert("fake_grp.crt"), wgCert("fake_div.crt")));
    JsonNode vcon = wgExample("ab_call_ext_rec.vcon");

    JsonNode ours = signer.sign(vcon);

    assertThat(signer.algorithm()).isEqualTo("RS256");
    // RSASSA-PKCS1-v1_5 is deterministic and our payload bytes are those of the WG example.
    assertThat(ours.get("payload")).isEqualTo(signed.get("payload"));
    VerificationResult result =
        VconVerifier.trusting(List.of(wgCert("fake_ca_root.crt"))).verify(ours, WG_TIME);
    assertThat(result.valid()).as(result.reason()).isTrue();
    assertThat(result.vcon()).isEqualTo(vcon);
  }

  @Test
  void expiredIntermediateIsReported() {
    VconSigner signer = VconSigner.of(wgKey("expired_div.key"), List.of(wgCert("expired_div.crt")));
    JsonNode signedByExpired = signer.sign(wgExample("ab_call_ext_rec.vcon"));

    VerificationResult result =
        VconVerifier.trusting(List.of(wgCert("fake_ca_root.crt"))).verify(signedByExpired, WG_TIME);

    assertThat(result.valid()).isFalse();
    assertThat(result.reason())
        .isEqualTo("certificate expired: CN=div.fakevcon.io (not after 2022-05-30T21:39:31Z)");
  }
}
