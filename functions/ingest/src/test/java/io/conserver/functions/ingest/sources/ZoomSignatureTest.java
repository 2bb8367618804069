package io.conserver.functions.ingest.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Expected values computed independently (Python hmac) from Zoom's documented construction. */
class ZoomSignatureTest {
  private static final byte[] BODY =
      "{\"event\":\"recording.completed\",\"event_ts\":1764151200000}"
          .getBytes(StandardCharsets.UTF_8);
  private static final String TIMESTAMP = "1764151200";
  private static final Instant SENT = Instant.ofEpochSecond(1764151200L);
  private static final String SIGNATURE =
      "v0=3f699c6981ff90a422039ee28c7c082da4fb4e8b09811add062fc7153efbe9a5";

  private final ZoomSignature zoom = new ZoomSignature("zoom-secret", Duration.ofMinutes(5));

  @Test
  void verifiesTheSignatureOfTimestampAndBody() {
    assertThat(zoom.expected(TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    assertThat(zoom.verify(TIMESTAMP, BODY, SIGNATURE, SENT.plusSeconds(30))).isTrue();
  }

  @Test
  void aChangedBody_timestampOrSecret_doesNotVerify() {
    byte[] changed =
        "{\"event\":\"recording.completed\",\"event_ts\":1764151200001}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(zoom.verify(TIMESTAMP, changed, SIGNATURE, SENT)).isFalse();
    assertThat(zoom.verify("1764151201", BODY, SIGNATURE, SENT)).isFalse();
    assertThat(
            new ZoomSignature("other", Duration.ofMinutes(5))
                .verify(TIMESTAMP, BODY, SIGNATURE, SENT))
        .isFalse();
  }

  @Test
  void anOldRequest_isAReplay_andMissingHeadersNeverVerify() {
    assertThat(zoom.verify(TIMESTAMP, BODY, SIGNATURE, SENT.plus(Duration.ofMinutes(6)))).isFalse();
    assertThat(zoom.verify(null, BODY, SIGNATURE, SENT)).isFalse();
    assertThat(zoom.verify("soon", BODY, SIGNATURE, SENT)).isFalse();
    assertThat(zoom.verify(TIMESTAMP, BODY, null, SENT)).isFalse();
    assertThatThrownBy(() -> new ZoomSignature("", Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void answersTheEndpointUrlValidation() {
    assertThat(zoom.urlValidationToken("qgg8vlvZRS6UYooatFL8Aw"))
        .isEqualTo("b17f0320a1322a509340a1a835b3d9edbc491f0b0790ed2d20d0604d39dfe922");
  }
}
