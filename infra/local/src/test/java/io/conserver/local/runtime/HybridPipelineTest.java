package io.conserver.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.erase.ErasePolicy;
import io.conserver.platform.erase.EraseProgress;
import io.conserver.platform.erase.EraseRequests;
import io.conserver.platform.erase.EraseService;
import io.conserver.platform.erase.HandoffErase;
import io.conserver.platform.erase.ReceiptSigner;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped hybrid tenant end to end on the local runtime: {@code hybrid-onprem} (ingest,
 * transcribe with the offline engine, redact, export-to-cloud) on the premises' bucket, with the
 * tenant's "cloud" bucket a second local store; then {@code hybrid-cloud} (ingest, analyze, export)
 * continuing there from its inbox; then an erase of the caller on premise, which the cloud half
 * carries out on its copy. The one change to the shipped declaration is the destination (a local
 * store instead of S3): stages, options and rules are the shipped ones.
 */
class HybridPipelineTest {
  private static final Path PIPELINES = Path.of("../../terraform/pipelines");
  private static final Path CALL = Path.of("../../events/conversations/phone-call.vcon.json");

  @TempDir Path dir;

  @Test
  void onlyTheRedactedTranscript_leavesThePremises_andAnEraseOnPremiseReachesTheCloudCopy()
      throws Exception {
    assumeTrue(sphinxInstalled(), "pocketsphinx_continuous is not installed");
    LocalTenant premises = new LocalTenant(dir.resolve("premises"), "acme");
    LocalTenant cloud = new LocalTenant(dir.resolve("cloud"), "acme");
    byte[] call = Files.readAllBytes(CALL);
    Vcon original = Vcon.parse(call);

    Map<String, PipelineDeclaration> premisesPipelines = Map.of("hybrid-onprem", onPremises(cloud));
    try (LocalRuntime runtime =
        new LocalRuntime(
            premises,
            premisesPipelines,
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
    assertThat(cloudStore.list("exports/hybrid-cloud/")).isNotEmpty();

    eraseOnPremise_thenTheCloudHalfErasesItsCopy(
        premises, premisesPipelines, cloud, Map.of("hybrid-cloud", cloudSide), original, sent);
  }

  /**
   * Erase the caller on premise (the CLI's {@code erase}); the request for the cloud copy is
   * written beside the hand-off; the cloud half's next run (what {@code run --once}, the server's
   * start and the lifecycle function do) erases the redacted copy and everything derived from it
   * and answers; the premises' next run reads the answer into their receipt.
   */
  private static void eraseOnPremise_thenTheCloudHalfErasesItsCopy(
      LocalTenant premises,
      Map<String, PipelineDeclaration> premisesPipelines,
      LocalTenant cloud,
      Map<String, PipelineDeclaration> cloudPipelines,
      Vcon original,
      Vcon sent)
      throws Exception {
    BlobStore cloudStore = cloud.store();
    String transcript =
        sent.analysis().stream()
            .filter(a -> a.type().orElse("").equals("transcript"))
            .findFirst()
            .orElseThrow()
            .toJson()
            .at("/body/text")
            .asText();
    String phrase = transcript.substring(0, Math.min(40, transcript.length()));
    assertThat(phrase).hasSizeGreaterThan(10);
    assertThat(residueOf(cloudStore, sent.uuid(), phrase)).isNotEmpty();

    EraseService onPremise = TenantErase.service(premises, premisesPipelines, Clock.systemUTC());
    String id = onPremise.start("tel:+12345678901", ErasePolicy.ERASE);
    ObjectNode state = onPremise.run(id, EraseProgress.SILENT);
    assertThat(state.path("status").asText()).isEqualTo(EraseRequests.AWAITING_CLOUD);
    assertThat(state.path("residue_clean").asBoolean()).isTrue();
    String requestKey = HandoffErase.requestKey("hybrid-cloud", "hybrid-onprem", sent.uuid());
    assertThat(state.at("/conversations/0/cloud_copies/0/request_key").asText())
        .isEqualTo(requestKey);
    assertThat(cloudStore.head(requestKey)).isPresent();
    assertThat(premises.store().list("vcons/")).isEmpty();

    List<String> cloudRuns =
        TenantErase.service(cloud, cloudPipelines, Clock.systemUTC())
            .resumeUnfinished(EraseProgress.SILENT);
    assertThat(cloudRuns).hasSize(1);

    // Zero residue of the conversation in the cloud: every object left is a record kept by design
    // (ledger and usage records: ids and hashes) or the erase's own request, answer and receipt.
    assertThat(residueOf(cloudStore, sent.uuid(), phrase)).isEmpty();
    assertThat(cloudStore.list("vcons/")).isEmpty();
    assertThat(cloudStore.list("inbox/")).isEmpty();
    assertThat(cloudStore.list("exports/")).isEmpty();
    for (BlobMetadata left : cloudStore.list("")) {
      assertThat(left.key()).matches("(ledger|meter|requests|receipts)/.*");
      String content = new String(cloudStore.getBytes(left.key(), 1 << 22), StandardCharsets.UTF_8);
      assertThat(content).doesNotContain(phrase);
    }
    String cloudReceipt = new EraseRequests(cloudStore).receipt(cloudRuns.get(0)).orElseThrow();
    ReceiptSigner.Verification cloudVerified =
        ReceiptSigner.verify(cloudReceipt, cloud.receiptPublicKey());
    assertThat(cloudVerified.valid()).isTrue();
    assertThat(cloudVerified.payload().at("/residue_scan/clean").asBoolean()).isTrue();
    assertThat(cloudVerified.payload().at("/conversations/0/id").asText()).isEqualTo(sent.uuid());

    assertThat(onPremise.resumeUnfinished(EraseProgress.SILENT)).containsExactly(id);
    ReceiptSigner.Verification verified =
        ReceiptSigner.verify(
            onPremise.requests().receipt(id).orElseThrow(), premises.receiptPublicKey());
    assertThat(verified.valid()).isTrue();
    assertThat(verified.payload().path("status").asText()).isEqualTo("done");
    JsonNode copy = verified.payload().at("/conversations/0/cloud_copies/0");
    assertThat(copy.path("status").asText()).isEqualTo("erased");
    assertThat(copy.path("cloud_request").asText()).isEqualTo(cloudRuns.get(0));
    assertThat(copy.path("cloud_receipt").asText()).isEqualTo(cloudReceipt);
    assertThat(new Ledger(premises.store()).verifyChain(original.uuid())).isTrue();
  }

  /** Objects of a store that hold a conversation's uuid or a phrase of its transcript. */
  private static List<String> residueOf(BlobStore store, String uuid, String phrase) {
    return store.list("").stream()
        .map(BlobMetadata::key)
        .filter(key -> !key.matches("(ledger|meter|requests|receipts)/.*"))
        .filter(
            key ->
                key.contains(uuid)
                    || new String(store.getBytes(key, 1 << 22), StandardCharsets.UTF_8)
                        .matches(
                            "(?s).*(" + Pattern.quote(uuid) + "|" + Pattern.quote(phrase) + ").*"))
        .toList();
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
