package io.conserver.functions.transcribe.cloud;

import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.PERMANENT;
import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.functions.transcribe.engine.TranscriptionException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VendorHttpTest {
  private final VendorHttp http = new VendorHttp("demo", Duration.ofSeconds(5), List.of("s3cr3t"));

  private TranscriptionException failure(int status, String message) {
    return http.failure(status, HttpHeaders.of(Map.of(), (a, b) -> true), message);
  }

  @Test
  void statusesMapToRetryableOrNot() {
    assertThat(failure(400, "bad").kind()).isEqualTo(PERMANENT);
    assertThat(failure(401, "").kind()).isEqualTo(PERMANENT);
    assertThat(failure(403, "").kind()).isEqualTo(PERMANENT);
    assertThat(failure(413, "").kind()).isEqualTo(PERMANENT);
    assertThat(failure(408, "").kind()).isEqualTo(TRANSIENT);
    assertThat(failure(429, "").kind()).isEqualTo(TRANSIENT);
    assertThat(failure(500, "").kind()).isEqualTo(TRANSIENT);
    assertThat(failure(503, "").kind()).isEqualTo(TRANSIENT);
  }

  @Test
  void aCredentialEchoedByTheVendor_isScrubbedFromTheMessage() {
    assertThat(failure(401, "Incorrect API key provided: s3cr3t").getMessage())
        .contains("[credential]")
        .doesNotContain("s3cr3t");
  }

  @Test
  void theVendorsExplanation_isFoundInEachKnownErrorShape() {
    assertThat(VendorHttp.vendorMessage(bytes("{\"error\":{\"message\":\"m1\",\"type\":\"x\"}}")))
        .isEqualTo("m1");
    assertThat(VendorHttp.vendorMessage(bytes("{\"err_code\":\"X\",\"err_msg\":\"m2\"}")))
        .isEqualTo("m2");
    assertThat(VendorHttp.vendorMessage(bytes("{\"__type\":\"X\",\"Message\":\"m3\"}")))
        .isEqualTo("m3");
    assertThat(VendorHttp.vendorMessage(bytes("upstream   down"))).isEqualTo("upstream down");
    assertThat(VendorHttp.vendorMessage(bytes(""))).isEmpty();
    assertThat(VendorHttp.vendorMessage(bytes("\"" + "x".repeat(500) + "\""))).hasSize(301);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
