package io.conserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class BacklogLimitTest {
  @Test
  void refuses_fromTheLimitOn() {
    BacklogLimit limit = new BacklogLimit(3);

    assertThat(limit.refuses(0)).isFalse();
    assertThat(limit.refuses(2)).isFalse();
    assertThat(limit.refuses(3)).isTrue();
    assertThat(limit.refuses(1_000_000)).isTrue();
  }

  @Test
  void zero_turnsTheLimitOff() {
    assertThat(new BacklogLimit(0).refuses(Integer.MAX_VALUE)).isFalse();
  }

  @Test
  void aNegativeLimit_isAConfigurationError() {
    assertThatThrownBy(() -> new BacklogLimit(-1))
        .hasMessageContaining("conserver.api.max-pending-events");
  }

  @Test
  void theRefusal_isA503ProblemWithRetryAfter() {
    Response response = new BacklogLimit(10).failure().response();

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
    assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    JsonNode body = (JsonNode) response.getEntity();
    assertThat(body.get("status").asInt()).isEqualTo(503);
    assertThat(body.get("type").asText()).endsWith("backlogged");
    assertThat(body.get("detail").asText()).contains("10 or more events waiting");
  }
}
