package io.conserver.vcon.crypto;

import static io.conserver.vcon.crypto.Fixtures.OWN_TIME;
import static io.conserver.vcon.crypto.Fixtures.cert;
import static io.conserver.vcon.crypto.Fixtures.key;
import static io.conserver.vcon.crypto.Fixtures.sampleVcon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.CompressionAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import io.conserver.vcon.VconJson;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verification and decryption use the JDK alone (so the light cloud packages carry no JOSE
 * library): what an independent implementation (Nimbus) produces with every supported algorithm
 * verifies and decrypts, and a tampered copy does not.
 */
class JdkJoseInteropTest {
  @ParameterizedTest
  @CsvSource({
    "RSA-OAEP, A256CBC-HS512, false",
    "RSA-OAEP-256, A128CBC-HS256, false",
    "RSA-OAEP-256, A192CBC-HS384, false",
    "RSA-OAEP, A128GCM, false",
    "RSA-OAEP-256, A256GCM, false",
    "RSA-OAEP-256, A256GCM, true"
  })
  void nimbusEncrypted_decryptsWithTheJdk(String alg, String enc, boolean deflate)
      throws Exception {
    JWEHeader.Builder header =
        new JWEHeader.Builder(JWEAlgorithm.parse(alg), EncryptionMethod.parse(enc));
    if (deflate) {
      header.compressionAlgorithm(CompressionAlgorithm.DEF);
    }
    JWEObject jwe =
        new JWEObject(header.build(), new Payload(VconJson.codec().write(sampleVcon())));
    jwe.encrypt(new RSAEncrypter((RSAPublicKey) cert("rsa_leaf.crt").getPublicKey()));
    String[] parts = jwe.serialize().split("\\.");
    ObjectNode flattened =
        JsonNodeFactory.instance
            .objectNode()
            .put("protected", parts[0])
            .put("encrypted_key", parts[1])
            .put("iv", parts[2])
            .put("ciphertext", parts[3])
            .put("tag", parts[4]);

    VconDecryptor decryptor = VconDecryptor.withKey(key("rsa_leaf.key"));
    assertThat(decryptor.decrypt(flattened)).isEqualTo(sampleVcon());

    ObjectNode tampered = flattened.deepCopy();
    char last = parts[3].charAt(0);
    tampered.put("ciphertext", (last == 'A' ? 'B' : 'A') + parts[3].substring(1));
    assertThatThrownBy(() -> decryptor.decrypt(tampered))
        .isInstanceOf(VconCryptoException.class)
        .hasMessageContaining("cannot decrypt");
  }

  @ParameterizedTest
  @CsvSource({"RS256", "RS512", "PS256", "PS384", "PS512"})
  void nimbusSigned_verifiesWithTheJdk(String alg) throws Exception {
    JWSObject jws =
        new JWSObject(
            new JWSHeader.Builder(JWSAlgorithm.parse(alg))
                .x509CertChain(List.of(Base64.encode(cert("rsa_leaf.crt").getEncoded())))
                .build(),
            new Payload(VconJson.codec().write(sampleVcon())));
    jws.sign(new RSASSASigner(key("rsa_leaf.key")));
    String[] parts = jws.serialize().split("\\.");
    ObjectNode general = JsonNodeFactory.instance.objectNode().put("payload", parts[1]);
    general
        .putArray("signatures")
        .addObject()
        .put("protected", parts[0])
        .put("signature", parts[2]);

    VconVerifier verifier = VconVerifier.trusting(List.of(cert("rsa_root.crt")));
    VerificationResult result = verifier.verify(general, OWN_TIME);
    assertThat(result.valid()).as(result.reason()).isTrue();
    assertThat(result.vcon()).isEqualTo(sampleVcon());

    JsonNode forged = general.deepCopy();
    ((ObjectNode) forged.get("signatures").get(0))
        .put("signature", (parts[2].charAt(0) == 'A' ? "B" : "A") + parts[2].substring(1));
    assertThat(verifier.verify(forged, OWN_TIME).reason()).isEqualTo("signature does not match");
  }
}
