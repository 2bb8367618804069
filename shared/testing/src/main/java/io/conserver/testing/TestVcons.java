package io.conserver.testing;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Small valid (and deliberately invalid) vCons for tests that drive a deployed stage. */
public final class TestVcons {
  private TestVcons() {}

  /** A vCon document and its uuid (the conversation id every stage output is stored under). */
  public record Vcon(String uuid, byte[] json) {}

  /** A small valid vCon with a fresh UUIDv8 (its conversation id). */
  public static Vcon vcon(String subject) {
    UUID random = UUID.randomUUID();
    UUID v8 =
        new UUID(
            (random.getMostSignificantBits() & ~0xF000L) | 0x8000L,
            (random.getLeastSignificantBits() & ~(0x3L << 62)) | (0x2L << 62));
    String json =
        """
        {"uuid":"%s","created_at":"2026-11-26T09:00:00Z","subject":"%s",
         "parties":[{"tel":"+15550100001","name":"Alice"},{"mailto":"bob@example.com","name":"Bob"}],
         "dialog":[{"type":"text","start":"2026-11-26T09:00:00Z","parties":[0,1],"originator":0,
                    "mediatype":"text/plain","encoding":"none","body":"hello"}]}
        """
            .formatted(v8, subject);
    return new Vcon(v8.toString(), json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The redacted copy of {@code original} as the redact stage leaves it for export-to-cloud: a new
   * uuid, the {@code redacted} object naming the original, and a {@code redaction-report}.
   */
  public static Vcon redactedCopy(Vcon original) {
    var report = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    report.putArray("text").addObject().put("dialog", 0).put("type", "PERSON");
    io.conserver.vcon.Vcon redacted =
        io.conserver.vcon.Vcon.parse(original.json())
            .redactedCopy("pii", java.time.Clock.systemUTC())
            .addAnalysis(
                io.conserver.vcon.Analysis.builder("redaction-report", "conserver")
                    .inlineJson(report)
                    .mediatype("application/json")
                    .build())
            .build();
    return new Vcon(redacted.uuid(), redacted.toBytes());
  }

  /**
   * A pipeline declaration whose last stage hands redacted copies to the cloud pipeline with the
   * given export-to-cloud options (ingest → redact → export-to-cloud), as the hybrid one does.
   */
  public static String handOffPipeline(String name, Object exportToCloudOptions) {
    return """
        {"name": "%s", "lawful_basis_default": "legitimate_interest",
         "stages": [{"name": "ingest", "function": "ingest"},
                    {"name": "redact", "function": "redact"},
                    {"name": "export-to-cloud", "function": "export-to-cloud", "options": %s}]}
        """
        .formatted(name, exportToCloudOptions);
  }

  /** A vCon whose dialog names a party that does not exist: quarantined by ingest. */
  public static Vcon malformedVcon() {
    Vcon good = vcon("malformed");
    String json =
        new String(good.json(), StandardCharsets.UTF_8)
            .replace("\"parties\":[0,1]", "\"parties\":[0,7]");
    return new Vcon(good.uuid(), json.getBytes(StandardCharsets.UTF_8));
  }

  /** Where a stage of the default pipeline writes a conversation. */
  public static String outputKey(String stage, String uuid) {
    return "vcons/default/" + stage + "/" + uuid + ".vcon.json";
  }

  /**
   * Where the shipped default pipeline's {@code stage} reads a conversation: the output key of the
   * stage declared before it, whatever stages the pipeline gains, or a vCon drop in the inbox for
   * the first stage. The repository root is found by walking up from the working directory (each
   * module's own folder under Maven).
   */
  public static String defaultPipelineInput(String stage, String uuid) {
    java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath();
    while (dir != null
        && !java.nio.file.Files.exists(dir.resolve("terraform/pipelines/default.json"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("terraform/pipelines/default.json not found above the cwd");
    }
    return io.conserver.platform.pipeline.PipelineParser.parse(
            dir.resolve("terraform/pipelines/default.json"))
        .previous(stage)
        .map(previous -> outputKey(previous.name(), uuid))
        .orElse("inbox/default/" + uuid + ".vcon.json");
  }
}
