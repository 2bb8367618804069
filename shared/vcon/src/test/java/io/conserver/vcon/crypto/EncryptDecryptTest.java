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
import io.conserver.vcon.crypto.VconEncryptor.KeyEncryption;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncryptDecryptTest {
  private static final String UUID = "019f15a6-a752-826f-b9a2-279e0d16bc46";

  private final VconEncryptor encryptor = VconEncryptor.forRecipient(cert("rsa_leaf.crt"));
  private final VconDecryptor decryptor = VconDecryptor.withKey(key("rsa_leaf.key"));

  @Test
  void roundTripOfAnUnsignedVcon() {
    JsonNode vcon = sampleVcon();

    JsonNode encrypted = encryptor.encrypt(vcon);

    assertThat(VconForm.of(encrypted)).isEqualTo(VconForm.ENCRYPTED);
    assertThat(decryptor.decrypt(encrypted)).isEqualTo(vcon);
  }

  @Test
  void rsaOaep256RoundTrip() {
    JsonNode encrypted = encryptor.with(KeyEncryption.RSA_OAEP_256).encrypt(sampleVcon());

    assertThat(protectedHeader(encrypted).get("alg").textValue()).isEqualTo("RSA-OAEP-256");
    assertThat(decryptor.decrypt(encrypted)).isEqualTo(sampleVcon());
  }

  @Test
  void signEncryptDecryptVerify() {
    JsonNode vcon = sampleVcon();
    JsonNode signed = VconSigner.of(key("ec_leaf.key"), certs("ec_chain.pem")).sign(vcon);

    JsonNode decrypted = decryptor.decrypt(encryptor.encrypt(signed));
    VerificationResult result =
        VconVerifier.trusting(List.of(cert("ec_root.crt"))).verify(decrypted, OWN_TIME);

    assertThat(decrypted).isEqualTo(signed);
    assertThat(result.valid()).as(result.reason()).isTrue();
    assertThat(result.vcon()).isEqualTo(vcon);
  }

  @Test
  void encryptedFormIsShapedLikeTheWgExample() {
    JsonNode signed =
        VconSigner.of(key("rsa_leaf.key"), List.of(cert("rsa_leaf.crt"))).sign(sampleVcon());

    JsonNode encrypted = encryptor.encrypt(signed);

    assertThat(protectedHeader(encrypted))
        .isEqualTo(VconJson.codec().read("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256CBC-HS512\"}"));
    assertThat(encrypted.get("unprotected"))
        .isEqualTo(
            VconJson.codec()
                .read(
                    "{\"uuid\":\""
                        + UUID
                        + "\",\"cty\":\"application/vcon+json\",\"enc\":\"A256CBC-HS512\"}"));
    JsonNode recipient = encrypted.get("recipients").get(0);
    assertThat(recipient.get("header"))
        .isEqualTo(VconJson.codec().read("{\"enc\":\"A256CBC-HS512\"}"));
    assertThat(recipient.get("encrypted_key").textValue()).isNotEmpty();
    assertThat(encrypted.has("iv")).isTrue();
    assertThat(encrypted.has("ciphertext")).isTrue();
    assertThat(encrypted.has("tag")).isTrue();
  }

  @Test
  void disjointHeadersKeepEncInTheProtectedHeaderOnly() {
    JsonNode encrypted = encryptor.disjointHeaders().encrypt(sampleVcon());

    assertThat(encrypted.get("unprotected").has("enc")).isFalse();
    assertThat(encrypted.get("recipients").get(0).has("header")).isFalse();
    assertThat(decryptor.decrypt(encrypted)).isEqualTo(sampleVcon());
  }

  @Test
  void flattenedSerializationIsAccepted() {
    ObjectNode encrypted = encryptor.encrypt(sampleVcon());
    JsonNode recipient = encrypted.remove("recipients").get(0);
    encrypted.set("header", recipient.get("header"));
    encrypted.set("encrypted_key", recipient.get("encrypted_key"));

    assertThat(decryptor.decrypt(encrypted)).isEqualTo(sampleVcon());
  }

  @Test
  void wrongKeyFailsClearly() {
    JsonNode encrypted = encryptor.encrypt(sampleVcon());

    assertThatThrownBy(() -> VconDecryptor.withKey(key("rsa_root.key")).decrypt(encrypted))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage(
            "cannot decrypt: the private key fits none of the 1 recipient(s), or the encrypted"
                + " vCon was altered");
  }

  @Test
  void tamperedProtectedHeaderFails() {
    ObjectNode encrypted = encryptor.encrypt(sampleVcon());
    encrypted.put(
        "protected",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"enc\":\"A256CBC-HS512\",\"alg\":\"RSA-OAEP\"}".getBytes()));

    assertThatThrownBy(() -> decryptor.decrypt(encrypted))
        .isInstanceOf(VconCryptoException.class)
        .hasMessageStartingWith("cannot decrypt:");
  }

  @Test
  void uuidMismatchIsReported() {
    ObjectNode encrypted = encryptor.encrypt(sampleVcon());
    ((ObjectNode) encrypted.get("unprotected")).put("uuid", "00000000-0000-8000-8000-000000000000");

    assertThatThrownBy(() -> decryptor.decrypt(encrypted))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage(
            "uuid in the JWE header (00000000-0000-8000-8000-000000000000) does not match the"
                + " decrypted vCon's uuid ("
                + UUID
                + ")");
  }

  @Test
  void recipientMustBeRsa() {
    assertThatThrownBy(() -> VconEncryptor.forRecipient(cert("ec_leaf.crt")))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("only RSA recipients are supported (RSA-OAEP); this key is EC");
    assertThatThrownBy(() -> VconDecryptor.withKey(key("ec_leaf.key")))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("only RSA private keys can decrypt a vCon (RSA-OAEP); this key is EC");
  }

  @Test
  void recipientCertificateMustAllowKeyEncipherment() {
    // the RSA root's keyUsage is keyCertSign + cRLSign only
    assertThatThrownBy(() -> VconEncryptor.forRecipient(cert("rsa_root.crt")))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage(
            "recipient certificate CN=Conserver Test RSA Root does not allow key encipherment"
                + " (keyUsage)");
  }

  @Test
  void encryptedVconIsNotEncryptedTwice() {
    JsonNode encrypted = encryptor.encrypt(sampleVcon());

    assertThatThrownBy(() -> encryptor.encrypt(encrypted))
        .isInstanceOf(VconCryptoException.class)
        .hasMessage("the vCon is already encrypted");
  }

  private static JsonNode protectedHeader(JsonNode encrypted) {
    return VconJson.codec()
        .read(Base64.getUrlDecoder().decode(encrypted.get("protected").textValue()));
  }
}
