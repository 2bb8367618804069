package io.conserver.platform.erase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ReceiptSignerTest {
  private final ReceiptSigner signer = new ReceiptSigner(ReceiptSigner.generateKeyPair());

  private static ObjectNode receipt() {
    ObjectNode receipt = JsonNodeFactory.instance.objectNode();
    receipt.put("request", "er-20261126T100000Z-0123abcd");
    receipt.put("party_hmac", "ab".repeat(32));
    return receipt;
  }

  @Test
  void signedReceipt_verifiesWithTheTenantKey() {
    String jws = signer.sign(receipt());

    ReceiptSigner.Verification verification = ReceiptSigner.verify(jws, signer.publicKey());

    assertThat(verification.valid()).isTrue();
    assertThat(verification.payload().path("request").asText())
        .isEqualTo("er-20261126T100000Z-0123abcd");
    String header =
        new String(Base64.getUrlDecoder().decode(jws.split("\\.")[0]), StandardCharsets.UTF_8);
    assertThat(header).contains("\"alg\":\"ES256\"").contains("conserver-receipt+jws");
  }

  @Test
  void changedPayload_failsVerification() {
    String[] parts = signer.sign(receipt()).split("\\.");
    ObjectNode changed = receipt();
    changed.put("party_hmac", "cd".repeat(32));
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(changed.toString().getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    assertThat(ReceiptSigner.verify(forged, signer.publicKey()).valid()).isFalse();
  }

  @Test
  void receiptOfAnotherKey_isRejectedAndSaysSo() {
    ECPublicKey other = new ReceiptSigner(ReceiptSigner.generateKeyPair()).publicKey();

    ReceiptSigner.Verification verification = ReceiptSigner.verify(signer.sign(receipt()), other);

    assertThat(verification.valid()).isFalse();
    assertThat(verification.reason()).contains("another key");
    assertThat(ReceiptSigner.verify("not a jws", other).valid()).isFalse();
  }
}
