package io.conserver.vcon.crypto;

import static io.conserver.vcon.crypto.Fixtures.cert;
import static io.conserver.vcon.crypto.Fixtures.certs;
import static io.conserver.vcon.crypto.Fixtures.key;
import static io.conserver.vcon.crypto.Fixtures.sampleVcon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWEObjectJSON;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSADecrypter;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import org.junit.jupiter.api.Test;

/** What we write is readable by an independent, strict RFC 7515/7516 implementation. */
class NimbusInteropTest {
  private static String json(JsonNode node) {
    return new String(VconJson.codec().write(node), StandardCharsets.UTF_8);
  }

  @Test
  void signedFormVerifiesWithNimbus() throws Exception {
    JsonNode signed = VconSigner.of(key("ec_leaf.key"), certs("ec_chain.pem")).sign(sampleVcon());

    JWSObjectJSON jws = JWSObjectJSON.parse(json(signed));

    assertThat(jws.getSignatures()).hasSize(1);
    assertThat(jws.getSignatures().get(0).getHeader().getX509CertChain()).hasSize(2);
    assertThat(
            jws.getSignatures()
                .get(0)
                .verify(new ECDSAVerifier((ECPublicKey) cert("ec_leaf.crt").getPublicKey())))
        .isTrue();
    assertThat(VconJson.codec().read(jws.getPayload().toBytes())).isEqualTo(sampleVcon());
  }

  @Test
  void disjointEncryptedFormDecryptsWithNimbus() throws Exception {
    JsonNode encrypted =
        VconEncryptor.forRecipient(cert("rsa_leaf.crt")).disjointHeaders().encrypt(sampleVcon());

    JWEObjectJSON jwe = JWEObjectJSON.parse(json(encrypted));
    jwe.decrypt(new RSADecrypter(key("rsa_leaf.key")));

    assertThat(VconJson.codec().read(jwe.getPayload().toBytes())).isEqualTo(sampleVcon());
  }

  @Test
  void wgShapedEncryptedFormIsRefusedByStrictParsers() {
    // Documents the trade-off described in VconEncryptor: enc repeated in several headers.
    JsonNode encrypted = VconEncryptor.forRecipient(cert("rsa_leaf.crt")).encrypt(sampleVcon());

    assertThatThrownBy(() -> JWEObjectJSON.parse(json(encrypted)))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("disjoint");
  }
}
