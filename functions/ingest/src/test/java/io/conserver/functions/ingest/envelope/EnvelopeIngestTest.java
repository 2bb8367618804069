package io.conserver.functions.ingest.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.ingest.IngestTransformation;
import io.conserver.functions.ingest.sources.MediaFetch;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.fetch.FetchPolicy;
import io.conserver.platform.fetch.GuardedFetcher;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.secrets.TenantKeys;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.testing.QuarantineRecords;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed and encrypted vCons (the WG draft's examples and certificates) through the real stage
 * runner, with the tenant's keys in its keys folder or by env:/config: reference.
 */
class EnvelopeIngestTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final Path WG = RepoPaths.resolve("shared/vcon/src/test/resources/wg");
  private static final String SIGNER = "CN=grp.div.fakevcon.io";

  @TempDir Path dir;
  private FileSystemBlobStore store;
  private Path keys;

  @BeforeEach
  void setUp() throws IOException {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
    keys = Files.createDirectories(dir.resolve("data/acme/keys"));
  }

  private StageRunner runner(Map<String, String> options, Map<String, String> env) {
    ObjectNode declaration = (ObjectNode) VconJson.codec().read(readDefault());
    ObjectNode ingestOptions = ((ObjectNode) declaration.get("stages").get(0)).putObject("options");
    options.forEach(ingestOptions::put);
    PipelineDeclaration pipeline =
        PipelineParser.parse(VconJson.codec().write(declaration), "default.json");
    SecretRefs refs = new SecretRefs(env::get, k -> null);
    return new StageRunner(
        store,
        "acme",
        pipeline,
        "ingest",
        new IngestTransformation(
            new EnvelopeKeys(refs, TenantKeys.under(dir.resolve("data"))),
            new MediaFetch(new GuardedFetcher(FetchPolicy.defaults()), refs)),
        CLOCK);
  }

  private static byte[] readDefault() {
    try {
      return Files.readAllBytes(RepoPaths.resolve("terraform/pipelines/default.json"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ObjectCreated drop(String name, byte[] content) {
    BlobMetadata m = store.putBytes("inbox/default/" + name, content, PutOptions.JSON);
    return new ObjectCreated("acme", "local", m.key(), m.size(), m.version());
  }

  private static byte[] wg(String path) throws IOException {
    return Files.readAllBytes(WG.resolve(path));
  }

  private void tenantKeyFile(String name, String wgFile) throws IOException {
    Files.write(keys.resolve(name), wg("certs/" + wgFile));
  }

  private String quarantineMessage() {
    return QuarantineRecords.onlyMessage(store, "quarantine/default/ingest/");
  }

  private Vcon onlyOutput() {
    var outputs = store.list("vcons/default/ingest/");
    assertThat(outputs).hasSize(1);
    return Vcon.parse(store.getBytes(outputs.get(0).key(), 1_000_000));
  }

  @Test
  void signedVcon_isVerifiedWithTheTenantsTrustAnchors_andItsInnerVconContinues() throws Exception {
    tenantKeyFile("vcon-trust-anchors.pem", "fake_ca_root.crt");

    ObjectCreated event = drop("signed.json", wg("examples/ab_call_ext_rec_signed.vcon"));
    assertThat(runner(Map.of(), Map.of()).handle(event, 1)).isEqualTo(StageOutcome.WRITTEN);

    Vcon output = onlyOutput();
    JsonNode inner = VconJson.codec().read(wg("examples/ab_call_ext_rec.vcon"));
    assertThat(output.uuid()).isEqualTo(inner.get("uuid").asText());
    assertThat(output.toJson().has("signatures")).isFalse();
    assertThat(output.toJson().get("parties")).isEqualTo(inner.get("parties"));
    JsonNode ledger = new Ledger(store).records(output.uuid()).get(0);
    assertThat(ledger.path("warnings").toString())
        .contains("signature: valid: signed by " + SIGNER);
  }

  @Test
  void encryptedVcon_isDecryptedWithTheTenantsKey_thenVerified() throws Exception {
    tenantKeyFile("vcon-trust-anchors.pem", "fake_ca_root.crt");
    tenantKeyFile("vcon-decryption.pem", "fake_grp.key");

    ObjectCreated event = drop("sealed.json", wg("examples/ab_call_ext_rec_encrypted.vcon"));
    assertThat(runner(Map.of(), Map.of()).handle(event, 1)).isEqualTo(StageOutcome.WRITTEN);

    Vcon output = onlyOutput();
    String warnings = new Ledger(store).records(output.uuid()).get(0).path("warnings").toString();
    assertThat(warnings).contains("decrypted: with the tenant's decryption key");
    assertThat(warnings).contains("signature: valid: signed by " + SIGNER);
  }

  @Test
  void keysByEnvReference_workWithoutAKeysFolder() throws Exception {
    Map<String, String> env =
        Map.of(
            "ANCHORS", new String(wg("certs/fake_ca_root.crt")),
            "KEY", new String(wg("certs/fake_grp.key")));
    StageRunner runner =
        runner(Map.of("trust_anchors_ref", "env:ANCHORS", "decryption_key_ref", "env:KEY"), env);

    ObjectCreated event = drop("sealed.json", wg("examples/ab_call_ext_rec_encrypted.vcon"));
    assertThat(runner.handle(event, 1)).isEqualTo(StageOutcome.WRITTEN);
  }

  @Test
  void unknownSigner_isQuarantined_withTheChainProblem() throws Exception {
    tenantKeyFile("vcon-trust-anchors.pem", "fake_ca2_root.crt"); // another CA, same name

    ObjectCreated event = drop("signed.json", wg("examples/ab_call_ext_rec_signed.vcon"));
    assertThat(runner(Map.of(), Map.of()).handle(event, 1)).isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage())
        .startsWith("signed vCon not verified: ")
        .endsWith("(signer " + SIGNER + ")");
    assertThat(store.list("vcons/")).isEmpty();
  }

  @Test
  void alteredPayload_isQuarantined_asASignatureMismatch() throws Exception {
    tenantKeyFile("vcon-trust-anchors.pem", "fake_ca_root.crt");
    ObjectNode signed =
        (ObjectNode) VconJson.codec().read(wg("examples/ab_call_ext_rec_signed.vcon"));
    String payload = signed.get("payload").asText();
    signed.put(
        "payload",
        payload.substring(0, 40) + (payload.charAt(40) == 'A' ? 'B' : 'A') + payload.substring(41));

    ObjectCreated event = drop("forged.json", VconJson.codec().write(signed));
    assertThat(runner(Map.of(), Map.of()).handle(event, 1)).isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage())
        .startsWith("signed vCon not verified: signature does not match");
  }

  @Test
  void encryptedForAnotherRecipient_isQuarantined_asUndecryptable() throws Exception {
    tenantKeyFile("vcon-trust-anchors.pem", "fake_ca_root.crt");
    tenantKeyFile("vcon-decryption.pem", "fake_div.key");

    ObjectCreated event = drop("sealed.json", wg("examples/ab_call_ext_rec_encrypted.vcon"));
    assertThat(runner(Map.of(), Map.of()).handle(event, 1)).isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage())
        .startsWith("encrypted vCon not decrypted with the tenant's key: cannot decrypt");
  }

  @Test
  void withoutTrustAnchors_theStageIsMisconfigured_andSaysWhatToSet() throws Exception {
    ObjectCreated event = drop("signed.json", wg("examples/ab_call_ext_rec_signed.vcon"));
    assertThat(runner(Map.of(), Map.of()).handle(event, 1)).isEqualTo(StageOutcome.QUARANTINED);

    assertThat(quarantineMessage())
        .contains("keys:vcon-trust-anchors.pem does not exist")
        .contains("options.trust_anchors_ref");
  }

  @Test
  void aKeyNameThatIsAPath_isRefused() throws Exception {
    ObjectCreated event = drop("signed.json", wg("examples/ab_call_ext_rec_signed.vcon"));
    StageRunner runner = runner(Map.of("trust_anchors_ref", "keys:../../etc/passwd"), Map.of());

    assertThat(runner.handle(event, 1)).isEqualTo(StageOutcome.QUARANTINED);
    assertThat(quarantineMessage()).contains("must name a file of the tenant's keys folder");
  }
}
