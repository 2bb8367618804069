package io.conserver.platform.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.erase.EraseProgress;
import io.conserver.platform.erase.EraseService;
import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.erase.SinkPort;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Vcon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consent gate through the real stage runner: a three-stage pipeline (capture, analyze with a
 * purpose, export) whose analyze stage tags the vCon, so a skipped run is visible in its output.
 */
class ConsentTest {
  static final Clock CLOCK = Clock.fixed(LawfulBasisTest.NOW, ZoneOffset.UTC);
  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final String UUID = "019f15a6-a752-826f-b9a2-279e0d16bc46";

  @TempDir Path dir;
  private FileSystemBlobStore store;
  private PartyIndex index;

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("acme-bucket", dir.resolve("b"), dir.resolve("m"));
    index = new PartyIndex(store, KEY);
  }

  static PipelineDeclaration pipeline(String revokedAction) {
    return PipelineParser.parse(
        ("{\"name\":\"calls\",\"stages\":["
                + "{\"name\":\"ingest\",\"function\":\"pass\",\"purpose\":\"capture\"},"
                + "{\"name\":\"analyze\",\"function\":\"tag\",\"purpose\":\"sales-coaching\"},"
                + "{\"name\":\"export\",\"function\":\"pass\",\"purpose\":\"analytics-export\"}],"
                + "\"lawful_basis_default\":\"legitimate_interest\","
                + "\"consent_revoked_action\":\""
                + revokedAction
                + "\"}")
            .getBytes(StandardCharsets.UTF_8),
        "test");
  }

  private void runAll(PipelineDeclaration pipeline, String json) {
    BlobMetadata drop =
        store.putBytes(
            "inbox/calls/x.vcon.json", json.getBytes(StandardCharsets.UTF_8), PutOptions.JSON);
    assertThat(runner(pipeline, "ingest").handle(event(drop), 1)).isEqualTo(StageOutcome.WRITTEN);
    for (String stage : List.of("analyze", "export")) {
      String input =
          BucketLayout.outputKey("calls", pipeline.previous(stage).orElseThrow().name(), UUID);
      StageOutcome outcome =
          runner(pipeline, stage).handle(event(store.head(input).orElseThrow()), 1);
      assertThat(outcome).isEqualTo(StageOutcome.WRITTEN);
    }
  }

  private ObjectCreated event(BlobMetadata object) {
    return new ObjectCreated("acme", store.bucket(), object.key(), object.size(), object.version());
  }

  private StageRunner runner(PipelineDeclaration pipeline, String stage) {
    Transformation transformation =
        new Transformation() {
          @Override
          public String function() {
            return stage.equals("analyze") ? "tag" : "pass";
          }

          @Override
          public StageResult apply(StageInput input) throws InvalidInputException {
            ObjectNode json = input.vcon().toJson();
            if (stage.equals("analyze")) {
              json.withArray("analysis")
                  .addObject()
                  .put("type", "coaching")
                  .put("vendor", "t")
                  .put("dialog", 0)
                  .put("encoding", "none")
                  .put("body", "tone: friendly");
            }
            return StageResult.of(Vcon.of(json));
          }
        };
    return new StageRunner(store, "acme", pipeline, stage, transformation, CLOCK)
        .indexingParties(index);
  }

  private JsonNode ledgerOf(String stage) {
    return new Ledger(store)
        .records(UUID).stream()
            .filter(r -> r.path("stage").asText().equals(stage))
            .findFirst()
            .orElseThrow();
  }

  private Vcon output(String stage) {
    return Vcon.parse(store.getBytes(BucketLayout.outputKey("calls", stage, UUID), 1 << 20));
  }

  @Test
  void withoutABasisForItsPurpose_aStagePassesTheVconThroughAndRecordsItSkipped() {
    String recordingOnly =
        LawfulBasisTest.lawfulBasis(
            "consent",
            null,
            LawfulBasisTest.grant("recording", true)
                + ","
                + LawfulBasisTest.grant("analytics-export", true));
    runAll(pipeline("stop"), LawfulBasisTest.vcon(recordingOnly).toJson().toString());

    assertThat(output("analyze").analysis()).isEmpty(); // unchanged: not analysed
    JsonNode analyze = ledgerOf("analyze");
    assertThat(analyze.path("outcome").asText()).isEqualTo("skipped");
    assertThat(analyze.path("skipped_because").asText())
        .isEqualTo("no lawful basis: no consent for purpose sales-coaching");
    assertThat(analyze.path("lawful_basis").isNull()).isTrue();
    JsonNode export = ledgerOf("export");
    assertThat(export.path("outcome").asText()).isEqualTo("written");
    assertThat(export.path("lawful_basis").asText()).isEqualTo("consent");
  }

  @Test
  void withTheDefaultBasis_everyStageRunsAndTheLedgerSaysUnderWhichBasis() {
    runAll(pipeline("stop"), LawfulBasisTest.vcon().toJson().toString());

    assertThat(output("analyze").analysis()).hasSize(1);
    assertThat(ledgerOf("analyze").path("lawful_basis").asText()).isEqualTo("legitimate_interest");
    assertThat(ledgerOf("ingest").path("lawful_basis").asText()).isEqualTo("legitimate_interest");
  }

  @Test
  void afterARevocationWithStop_laterStagesSkipThePartysConversations() {
    ConsentService consent =
        new ConsentService(store, List.of(pipeline("stop")), index, Optional.empty(), CLOCK);

    ConsentService.Revocation revocation = consent.revoke("tel:+1 (555) 123-4567");
    runAll(pipeline("stop"), LawfulBasisTest.vcon().toJson().toString());

    assertThat(revocation.eraseRequest()).isEmpty();
    assertThat(revocation.actions()).containsEntry("calls", "stop");
    assertThat(ledgerOf("ingest").path("outcome").asText()).isEqualTo("written"); // capture
    assertThat(output("analyze").analysis()).isEmpty();
    assertThat(ledgerOf("analyze").path("skipped_because").asText())
        .startsWith("consent revoked by party " + revocation.partyHmac());
    assertThat(ledgerOf("export").path("outcome").asText()).isEqualTo("skipped");
    // Only the HMAC is stored, and a second revocation keeps the first record.
    String stored = store.list(ConsentRevocations.PREFIX).get(0).key();
    assertThat(stored).isEqualTo(ConsentRevocations.key(revocation.partyHmac()));
    assertThat(new String(store.getBytes(stored, 1 << 16), StandardCharsets.UTF_8))
        .doesNotContain("555");
    consent.revoke("tel:+15551234567");
    assertThat(store.list(ConsentRevocations.PREFIX)).hasSize(1);
  }

  @Test
  void aRevocationWithErase_runsTheEraseEngineOverThePartysConversations() throws Exception {
    PipelineDeclaration erasing = pipeline("erase");
    runAll(erasing, LawfulBasisTest.vcon().toJson().toString());
    ReceiptSigner signer = new ReceiptSigner(ReceiptSigner.generateKeyPair());
    EraseService erase =
        new EraseService(
            store,
            "acme",
            KEY,
            new MediaStore(store, MediaStore.defaultBaseUrl("acme")),
            signer,
            SinkPort.NONE,
            CLOCK);
    ConsentService consent =
        new ConsentService(store, List.of(erasing), index, Optional.of(erase), CLOCK);

    ConsentService.Revocation revocation = consent.revoke("tel:+15551234567");
    ObjectNode state = erase.run(revocation.eraseRequest().orElseThrow(), EraseProgress.SILENT);

    assertThat(state.path("status").asText()).isEqualTo("done");
    assertThat(store.list("vcons/")).isEmpty();
    assertThat(
            new ConsentRevocations(store)
                .get(revocation.partyHmac())
                .orElseThrow()
                .path("erase_request")
                .asText())
        .isEqualTo(revocation.eraseRequest().get());
  }

  @Test
  void aRevocationOfSomethingThatIsNotAnIdentifier_isRefused() {
    ConsentService consent =
        new ConsentService(store, List.of(pipeline("stop")), index, Optional.empty(), CLOCK);

    assertThatThrownBy(() -> consent.revoke("5551234567"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tel:+15551234567");
    assertThat(store.list(ConsentRevocations.PREFIX)).isEmpty();
  }
}
