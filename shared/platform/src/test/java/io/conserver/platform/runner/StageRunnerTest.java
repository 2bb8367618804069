package io.conserver.platform.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageRunnerTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final String ID = "019f15a6-a752-826f-b9a2-279e0d16bc46";
  private static final PipelineDeclaration PIPELINE =
      PipelineParser.parse(
          ("{\"name\":\"sales\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\",\"max_receive_count\":3},"
                  + "{\"name\":\"tag\",\"function\":\"tag\",\"purpose\":\"qa\"}],"
                  + "\"lawful_basis_default\":\"legitimate_interest\"}")
              .getBytes(StandardCharsets.UTF_8),
          "test");

  @TempDir Path dir;
  private FileSystemBlobStore store;

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("acme-bucket", dir.resolve("b"), dir.resolve("m"));
  }

  private static byte[] vcon(String subject) {
    return ("{\"uuid\":\""
            + ID
            + "\",\"created_at\":\"2026-11-26T09:00:00Z\",\"subject\":\""
            + subject
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private ObjectCreated drop(String key, byte[] content) {
    BlobMetadata written = store.putBytes(key, content, PutOptions.JSON);
    return new ObjectCreated("acme", "acme-bucket", key, written.size(), written.version());
  }

  private StageRunner runner(String stage, Transformation transformation) {
    return new StageRunner(store, "acme", PIPELINE, stage, transformation, CLOCK);
  }

  /** Passes the vCon through with a tag: enough to observe the runner. */
  private static Transformation tagging(String function) {
    return new Transformation() {
      @Override
      public String function() {
        return function;
      }

      @Override
      public StageResult apply(StageInput input) throws InvalidInputException {
        Vcon vcon = input.vcon();
        return StageResult.of(
            vcon.toBuilder().set("x_tag", input.stage().name()).build(),
            List.of("W1"),
            new Usage(12.5));
      }
    };
  }

  @Test
  void firstStage_readsTheInbox_writesItsPrefix_ledgerAndMeter() {
    ObjectCreated event = drop("inbox/sales/call.json", vcon("hello"));

    StageOutcome outcome = runner("ingest", tagging("ingest")).handle(event, 1);

    assertThat(outcome).isEqualTo(StageOutcome.WRITTEN);
    String outputKey = "vcons/sales/ingest/" + ID + ".vcon.json";
    Vcon output = Vcon.parse(store.getBytes(outputKey, 10_000));
    assertThat(output.text("x_tag")).contains("ingest");
    List<JsonNode> ledger = new Ledger(store).records(ID);
    assertThat(ledger)
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.path("stage").asText()).isEqualTo("ingest");
              assertThat(record.path("input").path("key").asText())
                  .isEqualTo("inbox/sales/call.json");
              assertThat(record.path("output").path("key").asText()).isEqualTo(outputKey);
              assertThat(record.path("warnings").get(0).asText()).isEqualTo("W1");
              assertThat(record.path("seq").asInt()).isEqualTo(1);
            });
    JsonNode meter =
        VconJson.codec()
            .read(store.getBytes("meter/2026-11-26/sales/ingest/" + ID + ".json", 10_000));
    assertThat(meter.path("calls").asInt()).isEqualTo(1);
    assertThat(meter.path("audio_seconds").asDouble()).isEqualTo(12.5);
    assertThat(store.getBytes("inbox/sales/call.json", 10_000)).isEqualTo(vcon("hello"));
  }

  @Test
  void redeliveredEvent_writesNothingTwice_andRecordsOnce() {
    ObjectCreated event = drop("inbox/sales/call.json", vcon("hello"));
    StageRunner runner = runner("ingest", tagging("ingest"));

    assertThat(runner.handle(event, 1)).isEqualTo(StageOutcome.WRITTEN);
    assertThat(runner.handle(event, 2)).isEqualTo(StageOutcome.DUPLICATE);

    assertThat(store.list("vcons/sales/ingest/")).hasSize(1);
    assertThat(store.list("ledger/" + ID + "/")).hasSize(1);
    assertThat(store.list("meter/")).hasSize(1);
  }

  @Test
  void laterStage_readsThePreviousStagesOutput_andChainsTheLedger() {
    runner("ingest", tagging("ingest")).handle(drop("inbox/sales/call.json", vcon("hello")), 1);
    BlobMetadata ingested = store.head("vcons/sales/ingest/" + ID + ".vcon.json").orElseThrow();
    ObjectCreated next =
        new ObjectCreated(
            "acme", "acme-bucket", ingested.key(), ingested.size(), ingested.version());

    StageRunner tag = runner("tag", tagging("tag"));
    assertThat(tag.inputPrefix()).isEqualTo("vcons/sales/ingest/");
    assertThat(tag.handle(next, 1)).isEqualTo(StageOutcome.WRITTEN);
    assertThat(tag.handle(next, 1)).isEqualTo(StageOutcome.DUPLICATE);

    Ledger ledger = new Ledger(store);
    assertThat(ledger.records(ID))
        .extracting(r -> r.path("stage").asText())
        .containsExactly("ingest", "tag");
    assertThat(ledger.records(ID).get(1).path("purpose").asText()).isEqualTo("qa");
    assertThat(ledger.verifyChain(ID)).isTrue();
    JsonNode meter =
        VconJson.codec().read(store.getBytes("meter/2026-11-26/sales/tag/" + ID + ".json", 10_000));
    assertThat(meter.path("calls").asInt()).isZero();
  }

  @Test
  void editingAnEarlierLedgerRecord_breaksTheChain() {
    runner("ingest", tagging("ingest")).handle(drop("inbox/sales/call.json", vcon("hello")), 1);
    BlobMetadata ingested = store.head("vcons/sales/ingest/" + ID + ".vcon.json").orElseThrow();
    runner("tag", tagging("tag"))
        .handle(
            new ObjectCreated(
                "acme", "acme-bucket", ingested.key(), ingested.size(), ingested.version()),
            1);

    String first = BucketLayout.ledgerKey(ID, 1);
    String edited =
        new String(store.getBytes(first, 10_000), StandardCharsets.UTF_8)
            .replace("\"ingest\"", "\"ingesT\"");
    store.putBytes(first, edited.getBytes(StandardCharsets.UTF_8), PutOptions.JSON);

    assertThat(new Ledger(store).verifyChain(ID)).isFalse();
  }

  @Test
  void objectsOutsideTheStagesInput_areIgnoredAndUntouched() {
    StageRunner ingest = runner("ingest", tagging("ingest"));
    ObjectCreated otherPipeline = drop("inbox/support/call.json", vcon("x"));
    ObjectCreated otherTenant =
        new ObjectCreated("globex", "acme-bucket", "inbox/sales/a.json", 1, "v");
    ObjectCreated folder = new ObjectCreated("acme", "acme-bucket", "inbox/sales/", 0, "v");

    assertThat(ingest.handle(otherPipeline, 1)).isEqualTo(StageOutcome.IGNORED);
    assertThat(ingest.handle(otherTenant, 1)).isEqualTo(StageOutcome.IGNORED);
    assertThat(ingest.handle(folder, 1)).isEqualTo(StageOutcome.IGNORED);
    assertThat(store.list("vcons/")).isEmpty();
  }

  @Test
  void eventForAnObjectThatIsGone_isIgnored_withoutQuarantineOrRetry() {
    ObjectCreated gone =
        new ObjectCreated("acme", "acme-bucket", "inbox/sales/erased.json", 10, "v1");

    assertThat(runner("ingest", tagging("ingest")).handle(gone, 1)).isEqualTo(StageOutcome.IGNORED);

    assertThat(store.list("")).isEmpty();
  }

  @Test
  void invalidInput_isQuarantinedAtOnce_withDetails_andTheInputKept() throws IOException {
    ObjectCreated event = drop("inbox/sales/bad.json", "not json".getBytes(StandardCharsets.UTF_8));

    assertThat(runner("ingest", tagging("ingest")).handle(event, 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    List<BlobMetadata> records = store.list("quarantine/sales/ingest/");
    assertThat(records)
        .singleElement()
        .satisfies(m -> assertThat(m.key()).startsWith("quarantine/sales/ingest/drop-"));
    JsonNode record = VconJson.codec().read(store.getBytes(records.get(0).key(), 10_000));
    assertThat(record.path("error").path("class").asText()).isEqualTo("InvalidInputException");
    assertThat(record.path("error").path("message").asText())
        .startsWith("input is not a vCon: malformed JSON");
    assertThat(record.path("event").path("key").asText()).isEqualTo("inbox/sales/bad.json");
    assertThat(store.getBytes("inbox/sales/bad.json", 100))
        .isEqualTo("not json".getBytes(StandardCharsets.UTF_8));
    assertThat(store.list("vcons/")).isEmpty();
  }

  @Test
  void transientFailure_retriesUntilTheDeliveryCountReachesTheBound_thenQuarantines() {
    ObjectCreated event = drop("inbox/sales/call.json", vcon("hello"));
    AtomicInteger calls = new AtomicInteger();
    StageRunner failing = runner("ingest", failing(calls));

    assertThat(failing.handle(event, 1)).isEqualTo(StageOutcome.RETRY);
    assertThat(failing.handle(event, 2)).isEqualTo(StageOutcome.RETRY);
    assertThat(failing.handle(event, 3)).isEqualTo(StageOutcome.QUARANTINED);

    assertThat(calls).hasValue(3);
    assertThat(store.list("quarantine/sales/ingest/")).hasSize(1);
    assertThat(store.list("attempts/")).isEmpty();
  }

  @Test
  void misconfiguredStage_isQuarantinedAtOnce_sayingWhatToFix_withoutRetries() {
    ObjectCreated event = drop("inbox/sales/call.json", vcon("hello"));
    AtomicInteger calls = new AtomicInteger();
    Transformation misconfigured =
        new Transformation() {
          @Override
          public String function() {
            return "ingest";
          }

          @Override
          public StageResult apply(StageInput input) throws StageMisconfiguredException {
            calls.incrementAndGet();
            throw new StageMisconfiguredException("api_key_ref env:ENGINE_KEY is not set");
          }
        };

    assertThat(runner("ingest", misconfigured).handle(event, 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(calls).hasValue(1);
    JsonNode record =
        VconJson.codec()
            .read(store.getBytes(store.list("quarantine/sales/ingest/").get(0).key(), 10_000));
    assertThat(record.path("error").path("class").asText())
        .isEqualTo("StageMisconfiguredException");
    assertThat(record.path("error").path("message").asText())
        .isEqualTo("api_key_ref env:ENGINE_KEY is not set");
    assertThat(store.getBytes("inbox/sales/call.json", 10_000)).isEqualTo(vcon("hello"));
  }

  @Test
  void transientFailure_withoutADeliveryCount_countsAttemptsInTheBucket() {
    ObjectCreated event = drop("inbox/sales/call.json", vcon("hello"));
    StageRunner failing = runner("ingest", failing(new AtomicInteger()));

    assertThat(failing.handle(event, 0)).isEqualTo(StageOutcome.RETRY);
    assertThat(failing.handle(event, 0)).isEqualTo(StageOutcome.RETRY);
    assertThat(failing.handle(event, 0)).isEqualTo(StageOutcome.QUARANTINED);

    assertThat(store.list("attempts/sales/ingest/")).hasSize(3);
  }

  @Test
  void sameUuidWithDifferentContent_isQuarantined_andTheFirstIsKept() {
    StageRunner ingest = runner("ingest", tagging("ingest"));
    ingest.handle(drop("inbox/sales/a.json", vcon("first")), 1);

    assertThat(ingest.handle(drop("inbox/sales/b.json", vcon("second")), 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    assertThat(
            Vcon.parse(store.getBytes("vcons/sales/ingest/" + ID + ".vcon.json", 10_000)).subject())
        .contains("first");
  }

  @Test
  void inputOverTheLimit_isQuarantined() {
    StageRunner small =
        new StageRunner(store, "acme", PIPELINE, "ingest", tagging("ingest"), CLOCK, 10);

    assertThat(small.handle(drop("inbox/sales/big.json", vcon("too big")), 1))
        .isEqualTo(StageOutcome.QUARANTINED);
  }

  @Test
  void skippedStage_passesTheVconThrough_andTheLedgerSaysWhy() throws Exception {
    Transformation skipping =
        new Transformation() {
          @Override
          public String function() {
            return "ingest";
          }

          @Override
          public StageResult apply(StageInput input) throws InvalidInputException {
            return StageResult.skipped(input.vcon(), "no lawful basis");
          }
        };

    assertThat(runner("ingest", skipping).handle(drop("inbox/sales/call.json", vcon("hello")), 1))
        .isEqualTo(StageOutcome.WRITTEN);

    JsonNode record = new Ledger(store).records(ID).get(0);
    assertThat(record.path("outcome").asText()).isEqualTo("skipped");
    assertThat(record.path("skipped_because").asText()).isEqualTo("no lawful basis");
  }

  private static Transformation failing(AtomicInteger calls) {
    return new Transformation() {
      @Override
      public String function() {
        return "ingest";
      }

      @Override
      public StageResult apply(StageInput input) throws IOException {
        calls.incrementAndGet();
        throw new IOException("downstream unavailable");
      }
    };
  }

  /** Gives its output a uuid of its own, like a redacted copy; optionally drops the originals. */
  private static Transformation copying(boolean drop) {
    return new Transformation() {
      @Override
      public String function() {
        return "tag";
      }

      @Override
      public boolean dropsEarlierCopies(io.conserver.platform.pipeline.StageDeclaration stage) {
        return drop;
      }

      @Override
      public StageResult apply(StageInput input) throws InvalidInputException {
        return StageResult.of(
            input.vcon().toBuilder().set("uuid", "019f15a6-a752-8000-8000-000000000001").build());
      }
    };
  }

  @Test
  void anOutputWithItsOwnUuid_isStoredUnderTheConversationId_andTheLedgerLinksThem() {
    ObjectCreated event = drop("vcons/sales/ingest/" + ID + ".vcon.json", vcon("x"));

    assertThat(runner("tag", copying(false)).handle(event, 1)).isEqualTo(StageOutcome.WRITTEN);

    assertThat(store.head("vcons/sales/tag/" + ID + ".vcon.json")).isPresent();
    assertThat(store.list("vcons/sales/tag/")).hasSize(1);
    JsonNode record = new Ledger(store).records(ID).get(0);
    assertThat(record.path("output").path("vcon_uuid").asText())
        .isEqualTo("019f15a6-a752-8000-8000-000000000001");
    assertThat(store.head("vcons/sales/ingest/" + ID + ".vcon.json")).isPresent(); // kept
  }

  @Test
  void droppingEarlierCopies_happensAfterTheWrite_onceInTheLedger_andARedeliveryFinishesIt() {
    ObjectCreated event = drop("vcons/sales/ingest/" + ID + ".vcon.json", vcon("x"));
    assertThat(runner("tag", copying(true)).handle(event, 1)).isEqualTo(StageOutcome.WRITTEN);
    assertThat(store.head("vcons/sales/ingest/" + ID + ".vcon.json")).isEmpty();
    // The original comes back (a replayed copy, say): the redelivery removes it again, without a
    // second ledger record for the same output.
    store.putBytes("vcons/sales/ingest/" + ID + ".vcon.json", vcon("x"), PutOptions.JSON);
    assertThat(runner("tag", copying(true)).handle(event, 2)).isEqualTo(StageOutcome.DUPLICATE);
    assertThat(store.head("vcons/sales/ingest/" + ID + ".vcon.json")).isEmpty();
    List<JsonNode> records = new Ledger(store).records(ID);
    assertThat(records)
        .extracting(r -> r.path("stage").asText())
        .containsExactly("tag", "tag/drop-original");
    assertThat(records.get(1).path("deleted").get(0).asText())
        .isEqualTo("vcons/sales/ingest/" + ID + ".vcon.json");
  }
}
