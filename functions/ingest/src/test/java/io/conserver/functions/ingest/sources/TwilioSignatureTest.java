package io.conserver.functions.ingest.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked example of Twilio's "Webhooks security" page: auth token 12345. */
class TwilioSignatureTest {
  private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final Map<String, String> PARAMS =
      Map.of(
          "CallSid", "CA1234567890ABCDE",
          "Caller", "+12349013030",
          "Digits", "1234",
          "From", "+12349013030",
          "To", "+18005551212");
  private static final String DOCUMENTED = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

  private final TwilioSignature verifier = new TwilioSignature("12345");

  @Test
  void computesTheDocumentedSignature() {
    assertThat(verifier.expected(URL, PARAMS)).isEqualTo(DOCUMENTED);
    assertThat(verifier.verify(URL, PARAMS, DOCUMENTED)).isTrue();
  }

  @Test
  void aChangedParameter_url_orToken_doesNotVerify() {
    assertThat(verifier.verify(URL, Map.of("CallSid", "CA1234567890ABCDE"), DOCUMENTED)).isFalse();
    assertThat(verifier.verify(URL.replace("foo=1", "foo=2"), PARAMS, DOCUMENTED)).isFalse();
    assertThat(new TwilioSignature("54321").verify(URL, PARAMS, DOCUMENTED)).isFalse();
  }

  @Test
  void aMissingHeader_neverVerifies_andATokenIsRequired() {
    assertThat(verifier.verify(URL, PARAMS, null)).isFalse();
    assertThat(verifier.verify(URL, PARAMS, "")).isFalse();
    assertThatThrownBy(() -> new TwilioSignature("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jsonBodies_areSignedThroughTheirBodySha256() {
    byte[] body = "{\"CallSid\":\"CA1234567890ABCDE\"}".getBytes(StandardCharsets.UTF_8);
    String url =
        "https://mycompany.com/myapp?bodySHA256="
            + "e852ec28d46c49841e1e6687b51c3dbf2b3da45f0b5f73184b3220daaa45ab3b";
    String header = "4gh0yBeWtC7BeUYJ3xBAYeij4VM="; // computed independently (Python hmac)

    assertThat(verifier.verifyJson(url, body, header)).isTrue();
    byte[] changed = "{\"CallSid\":\"CA0000000000ABCDE\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(verifier.verifyJson(url, changed, header)).isFalse();
    assertThat(verifier.verifyJson("https://mycompany.com/myapp", body, header)).isFalse();
  }

  @Test
  void formBodies_decodeToTheParametersThatAreSigned() throws Exception {
    var params = TwilioRecording.fromForm("Caller=%2B12349013030&Digits=1234&Empty=");

    assertThat(params.path("Caller").asText()).isEqualTo("+12349013030");
    assertThat(params.path("Empty").asText()).isEmpty();
  }
}
