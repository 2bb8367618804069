package io.conserver.functions.ingest.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Formats are recognised by content, so no two recognisers may claim the same document. */
class RecognitionTest {
  private static final Path SOURCES = RepoPaths.resolve("events/sources");
  private static final Path CONVERSATIONS = RepoPaths.resolve("events/conversations");

  private static List<String> claims(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    byte[] head = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 4096));
    Stream.Builder<String> claims = Stream.builder();
    if (EmailThread.recognises(head)) {
      claims.add("email");
    }
    if (SiprecMetadata.recognises(head)) {
      claims.add("siprec");
    }
    if (TwilioRecording.recognisesForm(head)) {
      claims.add("twilio-form");
    }
    if (MediaKind.detect(head).isPresent()) {
      claims.add("media");
    }
    if (new String(head, StandardCharsets.UTF_8).stripLeading().startsWith("{")) {
      JsonNode json = VconJson.codec().read(bytes);
      SourceFormats.JSON.stream()
          .filter(f -> f.recognises(json))
          .forEach(f -> claims.add(f.name()));
      if (ChatTranscript.recognises(json)) {
        claims.add("chat");
      }
    }
    return claims.build().toList();
  }

  @Test
  void everySourceSample_isClaimedByExactlyOneRecogniser() throws IOException {
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path file : files.toList()) {
        assertThat(claims(file)).as(file.getFileName().toString()).hasSize(1);
      }
    }
  }

  @Test
  void theConversationSamples_areNotTakenForSourceRecords() throws IOException {
    try (Stream<Path> files = Files.list(CONVERSATIONS)) {
      for (Path file : files.filter(f -> !f.toString().endsWith(".md")).toList()) {
        assertThat(claims(file))
            .as(file.getFileName().toString())
            .doesNotContain(
                "email",
                "siprec",
                "twilio-form",
                "amazon-connect-ctr",
                "genesys-cloud-conversation",
                "twilio-recording",
                "zoom-recording");
      }
    }
  }

  @Test
  void textThatMerelyHasColons_isNotAnEmail() {
    byte[] note =
        "From: me\nDate: tomorrow\nsome prose, not a header\nSubject: none\n\nbody"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(EmailThread.recognises(note)).isFalse();
    assertThat(EmailThread.recognises("{\"From:\":1}".getBytes(StandardCharsets.UTF_8))).isFalse();
  }
}
