package io.conserver.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest stage through the real stage runner on a local bucket, fed with the WG examples. */
class IngestTransformationTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final Path WG = RepoPaths.resolve("shared/vcon/src/test/resources/wg/examples");
  private static final PipelineDeclaration DEFAULT =
      PipelineParser.parse(RepoPaths.resolve("terraform/pipelines/default.json"));

  @TempDir Path dir;
  private FileSystemBlobStore store;
  private StageRunner runner;

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
    runner =
        new StageRunner(store, "default", DEFAULT, "ingest", new IngestTransformation(), CLOCK);
  }

  private ObjectCreated drop(String name, byte[] content) {
    BlobMetadata m = store.putBytes("inbox/default/" + name, content, PutOptions.JSON);
    return new ObjectCreated("default", "local", m.key(), m.size(), m.version());
  }

  private Vcon onlyOutput() {
    var outputs = store.list("vcons/default/ingest/");
    assertThat(outputs).hasSize(1);
    return Vcon.parse(store.getBytes(outputs.get(0).key(), 1_000_000));
  }

  @Test
  void isFoundByFunctionName_throughTheServiceLoader() {
    assertThat(
            ServiceLoader.load(io.conserver.platform.runner.Transformation.class).stream()
                .map(p -> p.get().function()))
        .contains("ingest");
  }

  @Test
  void validVcon_keepsItsUuid_andEveryMemberUnchanged() throws Exception {
    byte[] original = Files.readAllBytes(WG.resolve("ab_call_ext_rec_analysis.vcon"));

    assertThat(runner.handle(drop("call.json", original), 1)).isEqualTo(StageOutcome.WRITTEN);

    Vcon output = onlyOutput();
    assertThat(output.uuid()).isEqualTo(Vcon.parse(original).uuid());
    // The WG example lacks created_at, which ingest adds; everything else is byte-for-byte kept.
    var kept = output.toJson();
    assertThat(kept.remove("created_at")).isNotNull();
    assertThat(VconJson.codec().write(kept))
        .isEqualTo(VconJson.codec().write(VconJson.codec().read(original)));
  }

  @Test
  void wgCallExampleWithoutCreatedAt_isAcceptedLeniently_andGetsTheUploadTime() throws Exception {
    byte[] original = Files.readAllBytes(WG.resolve("ab_call_ext_rec.vcon"));
    assertThat(VconJson.codec().read(original).has("created_at")).isFalse();

    assertThat(runner.handle(drop("call.json", original), 1)).isEqualTo(StageOutcome.WRITTEN);

    Vcon output = onlyOutput();
    assertThat(output.createdAt()).isPresent();
    JsonNode ledger = new Ledger(store).records(output.uuid()).get(0);
    assertThat(ledger.path("warnings").toString()).contains("/created_at");
  }

  @Test
  void vconWithoutUuid_getsADeterministicUuidV8_soARedeliveryIsStoredOnce() {
    byte[] noUuid =
        "{\"created_at\":\"2026-01-01T00:00:00Z\",\"parties\":[{\"name\":\"A\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    ObjectCreated event = drop("no-uuid.json", noUuid);

    assertThat(runner.handle(event, 1)).isEqualTo(StageOutcome.WRITTEN);
    assertThat(runner.handle(event, 2)).isEqualTo(StageOutcome.DUPLICATE);

    Vcon output = onlyOutput();
    assertThat(java.util.UUID.fromString(output.uuid()).version()).isEqualTo(8);
  }

  @Test
  void invalidVcon_isQuarantined_withTheValidatorsPointers() {
    byte[] bad =
        ("{\"uuid\":\"019f15a6-a752-826f-b9a2-279e0d16bc46\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"parties\":[{\"name\":\"A\"}],\"dialog\":[{\"type\":\"text\",\"start\":\"2026-01-01T00:00:00Z\","
                + "\"parties\":[0,3],\"body\":\"hi\",\"encoding\":\"none\"}]}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(runner.handle(drop("bad.json", bad), 1)).isEqualTo(StageOutcome.QUARANTINED);

    JsonNode record =
        VconJson.codec()
            .read(store.getBytes(store.list("quarantine/default/ingest/").get(0).key(), 100_000));
    assertThat(record.path("error").path("details").toString()).contains("/dialog/0/parties/1");
    assertThat(store.list("vcons/")).isEmpty();
  }

  @Test
  void notJson_andSignedVcons_areQuarantinedWithAClearReason() throws Exception {
    runner.handle(drop("garbage.json", "hello".getBytes(StandardCharsets.UTF_8)), 1);
    runner.handle(
        drop("signed.json", Files.readAllBytes(WG.resolve("ab_call_ext_rec_signed.vcon"))), 1);
    runner.handle(drop("empty.json", new byte[0]), 1);
    runner.handle(drop("broken.json", "{\"uuid\": ".getBytes(StandardCharsets.UTF_8)), 1);

    var messages =
        store.list("quarantine/default/ingest/").stream()
            .map(
                m ->
                    VconJson.codec()
                        .read(store.getBytes(m.key(), 100_000))
                        .path("error")
                        .path("message")
                        .asText())
            .toList();
    assertThat(messages)
        .anySatisfy(m -> assertThat(m).startsWith("not recognised: neither JSON"))
        .anySatisfy(m -> assertThat(m).startsWith("not a vCon: malformed JSON"))
        .anySatisfy(m -> assertThat(m).startsWith("not a vCon: empty document"))
        // No trust anchors in this runtime: a configuration problem, said as such.
        .anySatisfy(m -> assertThat(m).contains("options.trust_anchors_ref"));
  }
}
