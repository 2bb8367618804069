package io.conserver.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped hybrid tenant end to end on the local runtime: {@code hybrid-onprem} (ingest,
 * transcribe with the offline engine, redact, export-to-cloud) on the premises' bucket, with the
 * tenant's "cloud" bucket a second local store; then {@code hybrid-cloud} (ingest, analyze, export)
 * continuing there from its inbox. The one change to the shipped declaration is the destination (a
 * local store instead of S3): stages, options and rules are the shipped ones.
 */
class HybridPipelineTest {
  private static final Path PIPELINES = Path.of("../../terraform/pipelines");
  private static final Path CALL = Path.of("../../events/conversations/phone-call.vcon.json");

  @TempDir Path dir;

  @Test
  void onlyTheRedactedTranscript_leavesThePremises_andTheCloudPipelineContinues() throws Exception {
    assumeTrue(sphinxInstalled(), "pocketsphinx_continuous is not installed");
    LocalTenant premises = new LocalTenant(dir.resolve("premises"), "acme");
    LocalTenant cloud = new LocalTenant(dir.resolve("cloud"), "acme");
    byte[] call = Files.readAllBytes(CALL);
    Vcon original = Vcon.parse(call);

    try (LocalRuntime runtime =
        new LocalRuntime(
            premises,
            Map.of("hybrid-onprem", onPremises(cloud)),
            Functions.available(),
            Clock.systemUTC(),
            (p, s, e, o) -> {})) {
      runtime.store().putBytes("inbox/hybrid-onprem/call.vcon.json", call, PutOptions.JSON);
      runtime.awaitIdle();
    }

    BlobStore premisesStore = premises.store();
    assertThat(premisesStore.list("quarantine/")).isEmpty();
    String output = "vcons/hybrid-onprem/export-to-cloud/" + original.uuid() + ".vcon.json";
    assertThat(premisesStore.head(output)).isPresent();
    BlobStore cloudStore = cloud.store();
    List<BlobMetadata> arrived = cloudStore.list("");
    assertThat(arrived)
        .singleElement()
        .extracting(BlobMetadata::key)
        .asString()
        .startsWith("inbox/hybrid-cloud/from-hybrid-onprem/");
    Vcon sent = Vcon.parse(cloudStore.getBytes(arrived.get(0).key(), 1 << 22));
    assertThat(sent.redacted()).isPresent();
    assertThat(sent.uuid()).isNotEqualTo(original.uuid());
    assertThat(sent.analysis()).anyMatch(a -> a.type().orElse("").equals("transcript"));
    assertThat(sent.dialogs().get(0).toJson().has("body")).isFalse();
    assertThat(sent.dialogs().get(0).toJson().has("url")).isFalse();
    String text =
        new String(cloudStore.getBytes(arrived.get(0).key(), 1 << 22), StandardCharsets.UTF_8);
    assertThat(text)
        .doesNotContain("+12345678901", "+19876543210", "Alice", "media.conserver.invalid");
    assertThat(new Ledger(premisesStore).records(original.uuid()).toString())
        .contains("sent-to-cloud:file://bucket/inbox/hybrid-cloud/");

    PipelineDeclaration cloudSide = PipelineParser.parse(PIPELINES.resolve("hybrid-cloud.json"));
    try (LocalRuntime runtime =
        new LocalRuntime(
            cloud,
            Map.of("hybrid-cloud", cloudSide),
            Functions.available(),
            Clock.systemUTC(),
            (p, s, e, o) -> {})) {
      assertThat(runtime.resume()).isEqualTo(1);
      runtime.awaitIdle();
    }
    assertThat(cloudStore.list("quarantine/")).isEmpty();
    assertThat(cloudStore.head("vcons/hybrid-cloud/export/" + sent.uuid() + ".vcon.json"))
        .isPresent();
    assertThat(cloudStore.list("media/")).isEmpty();
  }

  /** The shipped on-premise declaration, its destination a local store at the cloud tenant. */
  private static PipelineDeclaration onPremises(LocalTenant cloud) throws Exception {
    ObjectNode json =
        (ObjectNode)
            VconJson.codec().read(Files.readAllBytes(PIPELINES.resolve("hybrid-onprem.json")));
    for (var stage : json.withArray("stages")) {
      if (stage.path("function").asText().equals("export-to-cloud")) {
        ObjectNode options = (ObjectNode) stage.get("options");
        options.put("store", "file").put("bucket", cloud.bucketFolder().getFileName().toString());
        options.remove("credentials");
        options.putObject("settings").put("root", cloud.root().toString());
      }
    }
    return PipelineParser.parse(VconJson.codec().write(json), "hybrid-onprem.json (local cloud)");
  }

  /** CI installs the offline engine (.ci/run) and must have it; a developer machine may not. */
  private static boolean sphinxInstalled() {
    boolean installed =
        Stream.of(System.getenv("PATH").split(File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "pocketsphinx_continuous")));
    assertThat(installed || !"true".equals(System.getenv("CI")))
        .as("pocketsphinx_continuous is missing in CI: .ci/run installs it")
        .isTrue();
    return installed;
  }
}
