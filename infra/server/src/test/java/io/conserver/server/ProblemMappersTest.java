package io.conserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** How failures nobody answered for become problem documents. */
class ProblemMappersTest {
  private final ProblemMappers mappers = new ProblemMappers();

  @Test
  void aFullDataVolume_isA507WithRetryAfter_sayingNothingWasWritten() {
    // What the JDK throws when a write or a rename meets ENOSPC (out of blocks or inodes).
    RuntimeException full =
        new UncheckedIOException(
            new FileSystemException(
                "/data/acme/bucket/.staging/put-1.tmp", null, "No space left on device"));

    Response response = mappers.unexpected(full);

    assertThat(response.getStatus()).isEqualTo(507);
    assertThat(response.getHeaderString("Retry-After")).isEqualTo("60");
    JsonNode body = (JsonNode) response.getEntity();
    assertThat(body.get("type").asText()).endsWith("storage-full");
    assertThat(body.get("detail").asText()).contains("nothing was written");
    assertThat(body.toString()).doesNotContain("/data/acme");
  }

  @Test
  void otherFailures_stayAPlain500_withoutDetails() {
    Response response =
        mappers.unexpected(new UncheckedIOException(new IOException("Input/output error")));

    assertThat(response.getStatus()).isEqualTo(500);
    JsonNode body = (JsonNode) response.getEntity();
    assertThat(body.get("type").asText()).endsWith("internal");
    assertThat(body.toString()).doesNotContain("Input/output");
  }
}
