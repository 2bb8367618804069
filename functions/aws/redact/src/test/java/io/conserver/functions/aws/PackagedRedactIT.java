package io.conserver.functions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.testing.PackagedStage;
import io.conserver.testing.TestBucket;
import io.conserver.testing.TestVcons;
import io.conserver.testing.TestVcons.Vcon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The redact package's {@code target/function.zip} under the real Lambda runtime client (see {@link
 * PackagedFunction}): without {@code QUARKUS_FUNQY_EXPORT} it runs redact on the default pipeline,
 * writing the redacted copy under the conversation id; it carries the audio decoders and stays
 * within 16 MB.
 */
class PackagedRedactIT {
  @TempDir static Path taskRoot;
  private static TestBucket bucket;

  @BeforeAll
  static void unpack() throws IOException {
    PackagedFunction.unpack(taskRoot);
    bucket = TestBucket.shared();
  }

  @Test
  void byDefault_thePackageRunsRedact_onTheDefaultPipeline() throws Exception {
    Vcon vcon = TestVcons.vcon("Call Alice back on +1 555 010 0001");

    String redacted;
    try (PackagedFunction function = PackagedFunction.start(taskRoot, bucket, Map.of())) {
      redacted = PackagedStage.runs(bucket, "redact", vcon, function::deliverOverSqs);
    }
    assertThat(redacted).contains("Call [NAME] back on [PHONE]").contains("redaction-report");
    assertThat(redacted).doesNotContain("Alice").doesNotContain("15550100001");
  }

  @Test
  void thePackageCarriesTheAudioDecoders_andStaysWithin16Mb() throws IOException {
    Path zip = Path.of(System.getProperty("conserver.function-zip", "target/function.zip"));
    // The audio decoders (~0.8 MB zipped) would push the light package over its 15 MB budget, so
    // redact has a package of its own, kept under 16 MB.
    assertThat(Files.size(zip)).isLessThanOrEqualTo(16_000_000L);
    try (ZipFile file = new ZipFile(zip.toFile())) {
      List<String> jars =
          file.stream().map(e -> e.getName()).filter(n -> n.startsWith("lib/")).toList();
      assertThat(jars).anyMatch(n -> n.contains("conserver-function-redact"));
      assertThat(jars).anyMatch(n -> n.contains("conserver-media"));
      assertThat(jars).noneMatch(n -> n.contains("org.postgresql.postgresql-"));
    }
  }
}
