package io.conserver.functions.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.translate.engine.Translators;
import io.conserver.functions.translate.engine.deepl.DeeplTranslator;
import io.conserver.functions.translate.engine.http.ContractServer;
import io.conserver.functions.translate.engine.http.DeeplFake;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Analysis;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The translate stage through the real stage runner on a local bucket, with the real apertium
 * binary and the real language model; DeepL (a SaaS) through its contract fake.
 */
class TranslateTransformationTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final SecretRefs NO_SECRETS = new SecretRefs(name -> null, name -> null);
  // One transformation for every test, as the local runtime holds one: the model loads once.
  private static final TranslateTransformation APERTIUM =
      new TranslateTransformation(NO_SECRETS, new Translators()::create);

  @TempDir Path dir;
  private FileSystemBlobStore store;

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
  }

  private static PipelineDeclaration pipeline(String stageMembers) {
    String json =
        "{\"name\":\"calls\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"},"
            + "{\"name\":\"translate\",\"function\":\"translate\""
            + stageMembers
            + "}],\"lawful_basis_default\":\"legitimate_interest\"}";
    return PipelineParser.parse(json.getBytes(StandardCharsets.UTF_8), "test");
  }

  private StageOutcome run(
      PipelineDeclaration pipeline, Transformation t, Vcon vcon, int delivery) {
    BlobMetadata m =
        store.putBytes(
            "vcons/calls/ingest/" + vcon.uuid() + ".vcon.json", vcon.toBytes(), PutOptions.JSON);
    StageRunner runner = new StageRunner(store, "t1", pipeline, "translate", t, CLOCK);
    return runner.handle(
        new ObjectCreated("t1", "local", m.key(), m.size(), m.version()), delivery);
  }

  private Vcon output(Vcon input) {
    return Vcon.parse(
        store.getBytes("vcons/calls/translate/" + input.uuid() + ".vcon.json", 10_000_000));
  }

  private JsonNode ledger(Vcon vcon) {
    List<JsonNode> records = new Ledger(store).records(vcon.uuid());
    return records.get(records.size() - 1);
  }

  static Vcon sample(String name) {
    try (InputStream in =
        TranslateTransformationTest.class.getResourceAsStream(
            "/io/conserver/functions/translate/" + name)) {
      return Vcon.parse(in.readAllBytes());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Analysis> translations(Vcon vcon) {
    return vcon.analysis().stream()
        .filter(a -> a.type().filter("translation"::equals).isPresent())
        .toList();
  }

  @Test
  void isFoundByFunctionName_throughTheServiceLoader() {
    assertThat(ServiceLoader.load(Transformation.class).stream().map(p -> p.get().function()))
        .contains("translate");
  }

  @Test
  void spanishChat_getsOneTranslationPerSpanishMessage_linkedToItsDialog() {
    Vcon chat = sample("spanish-chat.vcon.json");

    assertThat(run(pipeline(""), APERTIUM, chat, 1)).isEqualTo(StageOutcome.WRITTEN);

    List<Analysis> translations = translations(output(chat));
    assertThat(translations).hasSize(3);
    Analysis first = translations.get(0);
    assertThat(first.dialogIndexes()).containsExactly(0);
    assertThat(first.vendor()).contains("apertium");
    assertThat(first.schema()).contains("conserver-translation/1");
    assertThat(first.encoding()).contains("json");
    JsonNode body = first.body().orElseThrow();
    assertThat(body.path("source_language").asText()).isEqualTo("es");
    assertThat(body.path("target_language").asText()).isEqualTo("en");
    assertThat(body.path("source").toString()).isEqualTo("{\"dialog\":0}");
    assertThat(body.path("text").asText()).contains("delivery");
    // "Sí." is too short to identify alone: the conversation's language decides.
    assertThat(translations.get(2).body().orElseThrow().path("source").toString())
        .isEqualTo("{\"dialog\":2}");
    String warnings = ledger(chat).path("warnings").toString();
    assertThat(warnings)
        .contains("dialog/0: translated es->en (identified) by apertium spa-eng")
        .contains("dialog/2: translated es->en (conversation)")
        .contains("dialog/3: skipped: mediatype text/html is not plain text")
        .contains("dialog/4: skipped: already in en")
        .doesNotContain("delivery", "Hola"); // codes and pointers, never the text
  }

  @Test
  void frenchTranscript_getsATranslation_linkedToTheTranscriptEntry_englishChannelSkipped() {
    Vcon call = sample("french-call-transcript.vcon.json");

    assertThat(run(pipeline(""), APERTIUM, call, 1)).isEqualTo(StageOutcome.WRITTEN);

    Vcon out = output(call);
    assertThat(out.analysis()).hasSize(3);
    Analysis translation = translations(out).get(0);
    assertThat(translation.dialogIndexes()).containsExactly(0);
    JsonNode body = translation.body().orElseThrow();
    assertThat(body.path("source").toString()).isEqualTo("{\"analysis\":0}");
    assertThat(body.path("source_language").asText()).isEqualTo("fr");
    assertThat(body.path("text").asText()).contains("subscription");
    assertThat(ledger(call).path("warnings").toString())
        .contains("analysis/0: translated fr->en (identified) by apertium fr-es|spa-eng")
        .contains("analysis/1: skipped: already in en");
  }

  @Test
  void allInTheTargetLanguage_passesThroughUnchanged_asSkipped_withTheReasonInTheLedger() {
    Vcon call = sample("french-call-transcript.vcon.json");
    com.fasterxml.jackson.databind.node.ObjectNode json = call.toJson().deepCopy();
    ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("analysis")).remove(0);
    Vcon englishOnly = Vcon.of(json);

    assertThat(run(pipeline(""), APERTIUM, englishOnly, 1)).isEqualTo(StageOutcome.WRITTEN);

    JsonNode record = ledger(englishOnly);
    assertThat(record.path("outcome").asText()).isEqualTo("skipped");
    assertThat(record.path("skipped_because").asText()).isEqualTo("nothing to translate into en");
    assertThat(record.path("warnings").toString()).contains("analysis/0: skipped: already in en");
    assertThat(output(englishOnly)).isEqualTo(englishOnly);
  }

  @Test
  void targetLanguage_isAnOption_andApertiumPivotsWhereItMust() {
    Vcon call = sample("french-call-transcript.vcon.json");

    assertThat(run(pipeline(",\"options\":{\"target_language\":\"fr\"}"), APERTIUM, call, 1))
        .isEqualTo(StageOutcome.WRITTEN);

    assertThat(ledger(call).path("warnings").toString())
        .contains("analysis/0: skipped: already in fr")
        .contains("analysis/1: translated en->fr (identified) by apertium eng-spa|es-fr");
  }

  @Test
  void aVconWithoutText_isSkipped() {
    Vcon call = sample("french-call-transcript.vcon.json");
    Vcon noAnalysis = Vcon.of(call.toJson().deepCopy().without("analysis"));

    assertThat(run(pipeline(""), APERTIUM, noAnalysis, 1)).isEqualTo(StageOutcome.WRITTEN);

    assertThat(ledger(noAnalysis).path("skipped_because").asText())
        .isEqualTo("no text to translate");
  }

  @Test
  void aSourceTranslatedBefore_byTheSameEngine_isNotTranslatedAgain() {
    Vcon chat = sample("spanish-chat.vcon.json");
    run(pipeline(""), APERTIUM, chat, 1);
    Vcon once = output(chat);

    // The translated vCon through the stage again (another pipeline, a replay...): nothing new.
    FileSystemBlobStore other =
        new FileSystemBlobStore("local", dir.resolve("b2"), dir.resolve("m2"));
    store = other;
    assertThat(run(pipeline(""), APERTIUM, once, 1)).isEqualTo(StageOutcome.WRITTEN);

    assertThat(translations(output(once))).hasSize(3);
    JsonNode record = ledger(once);
    assertThat(record.path("skipped_because").asText())
        .isEqualTo("nothing new to translate into en");
    assertThat(record.path("warnings").toString())
        .contains("dialog/0: skipped: already translated by apertium");
  }

  @Test
  void germanWithApertium_isSkippedWithTheReason_notQuarantined() {
    Vcon chat = sample("german-chat.vcon.json");

    assertThat(run(pipeline(""), APERTIUM, chat, 1)).isEqualTo(StageOutcome.WRITTEN);

    assertThat(ledger(chat).path("warnings").toString())
        .contains("dialog/0: skipped: apertium cannot translate from de to en");
  }

  @Test
  void unknownEngine_isQuarantinedAtOnce_withWhatToFix() {
    Vcon chat = sample("spanish-chat.vcon.json");
    PipelineDeclaration p =
        pipeline(",\"options\":{\"engine\":\"babelfish\"},\"max_receive_count\":2");

    // A configuration error: retrying cannot help until an operator fixes the declaration.
    assertThat(run(p, APERTIUM, chat, 1)).isEqualTo(StageOutcome.QUARANTINED);

    String quarantined =
        new String(
            store.getBytes(store.list("quarantine/calls/translate/").get(0).key(), 100_000),
            StandardCharsets.UTF_8);
    assertThat(quarantined).contains("unknown translation engine 'babelfish'");
  }

  @Test
  void thirdPartyEngine_withoutOptIn_sendsNothing_andSaysWhichOptionToSet() throws Exception {
    try (ContractServer deepl = new ContractServer(new DeeplFake(Map.of()))) {
      TranslateTransformation t = deeplTransformation(deepl);
      Vcon chat = sample("spanish-chat.vcon.json");
      PipelineDeclaration p = pipeline(",\"max_receive_count\":1");

      assertThat(run(p, t, chat, 1)).isEqualTo(StageOutcome.QUARANTINED);

      assertThat(deepl.requests()).isEmpty();
      String quarantined =
          new String(
              store.getBytes(store.list("quarantine/calls/translate/").get(0).key(), 100_000),
              StandardCharsets.UTF_8);
      assertThat(quarantined)
          .contains("ThirdPartyNotAllowedException")
          .contains("\\\"allow_third_party\\\": true");
    }
  }

  @Test
  void thirdPartyEngine_withBothOptIns_translates_andRecordsEachTransfer() throws Exception {
    Map<String, String> dictionary =
        Map.of(
            "Hola, quiero cambiar la dirección de entrega de mi pedido.",
            "Hello, I want to change the delivery address of my order.");
    try (ContractServer deepl = new ContractServer(new DeeplFake(dictionary))) {
      Vcon chat = sample("spanish-chat.vcon.json");
      PipelineDeclaration p =
          pipeline(
              ",\"options\":{\"allow_third_party\":true},\"sends_outside\":true,"
                  + "\"allow_unredacted_outside\":true");

      assertThat(run(p, deeplTransformation(deepl), chat, 1)).isEqualTo(StageOutcome.WRITTEN);

      assertThat(deepl.requests()).hasSize(3);
      JsonNode sent = VconJson.codec().read(deepl.requests().get(0).body());
      assertThat(sent.path("source_lang").asText()).isEqualTo("ES");
      assertThat(sent.path("target_lang").asText()).isEqualTo("EN-US");
      Analysis first = translations(output(chat)).get(0);
      assertThat(first.vendor()).contains("deepl");
      assertThat(first.body().orElseThrow().path("text").asText())
          .isEqualTo("Hello, I want to change the delivery address of my order.");
      JsonNode record = ledger(chat);
      assertThat(record.path("sends_outside").asBoolean()).isTrue();
      assertThat(record.path("warnings").toString())
          .contains("sent-outside:deepl:dialog/0:58 chars")
          .contains("sent-outside:deepl:dialog/1:")
          .contains("sent-outside:deepl:dialog/2:");
    }
  }

  private static TranslateTransformation deeplTransformation(ContractServer deepl) {
    return new TranslateTransformation(
        NO_SECRETS,
        (options, secrets) ->
            new DeeplTranslator(
                deepl.uri(), DeeplFake.KEY, Map.of("en", "EN-US"), Duration.ofSeconds(5)));
  }
}
