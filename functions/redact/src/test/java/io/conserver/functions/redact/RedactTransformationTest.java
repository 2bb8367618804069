package io.conserver.functions.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.redact.detect.DetectionContext;
import io.conserver.functions.redact.detect.Detectors;
import io.conserver.functions.redact.detect.DigitRuns;
import io.conserver.functions.redact.detect.TokenText;
import io.conserver.media.audio.AudioPipeline;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.media.MediaRef;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconUuid;
import io.conserver.vcon.validation.ValidationMode;
import io.conserver.vcon.validation.VconValidator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import javax.sound.sampled.AudioInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redact stage through the real stage runner, on a local bucket with real audio. */
class RedactTransformationTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final String ID = "019f1b2c-3d4e-8f60-8a1b-2c3d4e5f6a7b";
  private static final String SPOKEN =
      "hello this is carol my card is four one one one one one one one one one one one one one"
          + " one one thanks";

  @TempDir Path dir;
  private FileSystemBlobStore store;
  private MediaStore media;

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
    media = new MediaStore(store, MediaStore.defaultBaseUrl("t1"));
  }

  private static PipelineDeclaration pipeline(String options) {
    String json =
        "{\"name\":\"p\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"},"
            + "{\"name\":\"transcribe\",\"function\":\"transcribe\"},"
            + "{\"name\":\"redact\",\"function\":\"redact\",\"options\":"
            + options
            + "}],\"lawful_basis_default\":\"contract\"}";
    return PipelineParser.parse(json.getBytes(StandardCharsets.UTF_8), "p.json");
  }

  private StageOutcome run(PipelineDeclaration pipeline, Vcon vcon) {
    BlobMetadata m =
        store.putBytes("vcons/p/transcribe/" + ID + ".vcon.json", vcon.toBytes(), PutOptions.JSON);
    return redeliver(pipeline, m);
  }

  private StageOutcome redeliver(PipelineDeclaration pipeline, BlobMetadata m) {
    StageRunner runner =
        new StageRunner(store, "t1", pipeline, "redact", new RedactTransformation(), CLOCK);
    return runner.handle(new ObjectCreated("t1", "local", m.key(), m.size(), m.version()), 1);
  }

  private Vcon output() {
    return Vcon.parse(store.getBytes("vcons/p/redact/" + ID + ".vcon.json", 10_000_000));
  }

  private String written() {
    return new String(
        store.getBytes("vcons/p/redact/" + ID + ".vcon.json", 10_000_000), StandardCharsets.UTF_8);
  }

  /** A chat with a subject, text dialogs, an attachment and a recording with its transcript. */
  private Vcon call(MediaRef recording) {
    ObjectNode v = JsonNodeFactory.instance.objectNode();
    v.put("uuid", ID);
    v.put("created_at", "2026-11-21T09:31:40.000Z");
    v.put("subject", "Call back Carol Jones on +1 415 555 0177");
    ArrayNode parties = v.putArray("parties");
    parties
        .addObject()
        .put("name", "Carol Jones")
        .put("mailto", "carol.jones@example.net")
        .put("tel", "+14155550177")
        .put("type", "customer");
    parties.addObject().put("name", "Dave").put("type", "agent");
    ArrayNode dialogs = v.putArray("dialog");
    ObjectNode rec = dialogs.addObject();
    rec.put("type", "recording");
    rec.put("start", "2026-11-21T09:30:00.000Z");
    rec.putArray("parties").add(0).add(1);
    rec.put("mediatype", "audio/x-wav");
    rec.put("filename", "call-4155550177.wav");
    rec.put("url", recording.url());
    rec.put("content_hash", recording.contentHash().toString());
    ObjectNode text = dialogs.addObject();
    text.put("type", "text");
    text.put("start", "2026-11-21T09:31:00.000Z");
    text.putArray("parties").add(0).add(1);
    text.put("originator", 0);
    text.put("mediatype", "text/plain");
    text.put("body", "It's carol.jones@example.net, card 5555 5555 5555 4444 and SSN 123-45-6789.");
    text.put("encoding", "none");
    ObjectNode b64 = dialogs.addObject();
    b64.put("type", "text");
    b64.put("start", "2026-11-21T09:32:00.000Z");
    b64.putArray("parties").add(1);
    b64.put("mediatype", "text/plain");
    b64.put(
        "body",
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("Thanks Carol, I live at 12 Harbor Street".getBytes()));
    b64.put("encoding", "base64url");
    v.putArray("analysis").add(TestCalls.transcript(0, -1, -1, 0.5, SPOKEN));
    ObjectNode attachment = v.putArray("attachments").addObject();
    attachment.put("type", "notes");
    attachment.put("start", "2026-11-21T09:33:00.000Z");
    attachment.put("party", 1);
    attachment.put("dialog", 1);
    attachment.put("encoding", "json");
    attachment
        .putObject("body")
        .put("note", "customer born on 14 March 1985, IBAN GB82 WEST 1234 5698 7654 32");
    return Vcon.of(v);
  }

  private MediaRef storeWav(byte[] wav) {
    store.putBytes("inbox/p/call.wav", wav, PutOptions.of("audio/x-wav"));
    return media.importObject("inbox/p/call.wav", "audio/x-wav");
  }

  @Test
  void isFoundByFunctionName_throughTheServiceLoader() {
    assertThat(
            ServiceLoader.load(Transformation.class).stream()
                .map(ServiceLoader.Provider::get)
                .map(Transformation::function))
        .contains("redact");
  }

  @Test
  void redactedCopy_hasItsOwnDerivedUuid_pointsAtTheOriginal_andIsStoredUnderTheConversationId() {
    Vcon original = call(storeWav(TestCalls.wav(4, 1)));
    assertThat(run(pipeline("{}"), original)).isEqualTo(StageOutcome.WRITTEN);
    Vcon out = output();
    assertThat(out.uuid()).isEqualTo(VconUuid.derive(UUID.fromString(ID), "redacted").toString());
    assertThat(out.redacted().orElseThrow().uuid()).contains(ID);
    assertThat(out.redacted().orElseThrow().contentHashes())
        .containsExactly(original.contentHash().toString());
    assertThat(out.redacted().orElseThrow().type()).contains("pii");
    assertThat(VconValidator.validate(out.toJson(), ValidationMode.STRICT).errors()).isEmpty();
    // The ledger, under the conversation id, links the two.
    JsonNode record = new Ledger(store).records(ID).get(0);
    assertThat(record.path("output").path("vcon_uuid").asText()).isEqualTo(out.uuid());
    assertThat(record.path("output").path("key").asText())
        .isEqualTo("vcons/p/redact/" + ID + ".vcon.json");
  }

  @Test
  void everyTextMember_getsTypedPlaceholders_andTheReportSaysWhereNeverWhat() {
    run(pipeline("{}"), call(storeWav(TestCalls.wav(4, 1))));
    Vcon out = output();
    assertThat(out.subject()).contains("Call back [NAME] on [PHONE]");
    assertThat(out.dialogs().get(1).body().orElseThrow().asText())
        .isEqualTo("It's [EMAIL], card [CARD] and SSN [SSN].");
    assertThat(new String(out.dialogs().get(2).bodyBytes().orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("Thanks [NAME], I live at [ADDRESS]");
    assertThat(out.dialogs().get(0).filename()).contains("call-[PHONE]-redacted.wav");
    assertThat(out.attachments().get(0).body().orElseThrow().path("note").asText())
        .isEqualTo("customer born on [DOB], IBAN [IBAN]");
    JsonNode transcript = out.analysis().get(0).body().orElseThrow();
    assertThat(transcript.path("text").asText())
        .isEqualTo("hello this is [NAME] my card is [CARD] thanks");
    ArrayNode words = (ArrayNode) transcript.path("words");
    assertThat(words).hasSize(SPOKEN.split(" ").length);
    assertThat(words.get(3).path("word").asText()).isEqualTo("[NAME]");
    assertThat(words.get(7).path("word").asText()).isEqualTo("[CARD]");
    assertThat(words.get(7).path("start").asDouble()).isEqualTo(1.2); // timings kept
    assertThat(words.get(23).path("word").asText()).isEqualTo("thanks");
    // Parties masked.
    assertThat(out.parties().get(0).toJson().has("tel")).isFalse();
    assertThat(out.parties().get(0).toJson().has("name")).isFalse();
    assertThat(out.parties().get(0).type()).contains("customer");
    // The report.
    JsonNode report = out.analysis().get(1).body().orElseThrow();
    assertThat(out.analysis().get(1).type()).contains("redaction-report");
    // Chat, transcript text and transcript words are each counted.
    assertThat(report.path("counts").path("CARD").asInt()).isEqualTo(3);
    assertThat(report.path("counts").path("NAME").asInt()).isEqualTo(4);
    assertThat(report.toString()).doesNotContain("4111").doesNotContain("carol");
    JsonNode wordsPosition = null;
    for (JsonNode p : report.path("positions")) {
      if (p.path("field").asText().equals("body/words") && p.path("type").asText().equals("CARD")) {
        wordsPosition = p;
      }
    }
    assertThat(wordsPosition).isNotNull();
    assertThat(wordsPosition.path("words").toString()).isEqualTo("[7,23]");
    assertThat(wordsPosition.path("time").toString()).isEqualTo("[1.200,2.800]");
    assertThat(report.path("parties").path("masked").get(0).path("members").toString())
        .isEqualTo("[\"name\",\"tel\",\"mailto\"]");
  }

  @Test
  void aRedactedVcon_neverContainsADetectedValue_anywhere() {
    Vcon original = call(storeWav(TestCalls.wav(4, 1)));
    run(pipeline("{}"), original);
    String written = written().toLowerCase(Locale.ROOT);
    Set<String> values = detectedValues(original);
    assertThat(values).hasSizeGreaterThan(10);
    for (String value : values) {
      assertThat(written).as(value).doesNotContain(value.toLowerCase(Locale.ROOT));
      String digits = digitsOf(value);
      if (digits.length() >= 7) {
        assertThat(written).as(value + " as digits").doesNotContain(digits);
      }
    }
  }

  /** Every value the detectors find in the original's text members (and the parties' own). */
  private static Set<String> detectedValues(Vcon original) {
    List<String> names = new ArrayList<>();
    original.parties().forEach(p -> p.name().ifPresent(names::add));
    List<String> texts = new ArrayList<>();
    original.subject().ifPresent(texts::add);
    original
        .dialogs()
        .forEach(
            d -> d.body().filter(JsonNode::isTextual).map(JsonNode::asText).ifPresent(texts::add));
    texts.add(
        new String(original.dialogs().get(2).bodyBytes().orElseThrow(), StandardCharsets.UTF_8));
    texts.add(original.analysis().get(0).body().orElseThrow().path("text").asText());
    texts.add(original.attachments().get(0).body().orElseThrow().toString());
    texts.add(original.dialogs().get(0).filename().orElseThrow());
    Set<String> values = new LinkedHashSet<>(names);
    original
        .parties()
        .forEach(
            p -> {
              p.tel().ifPresent(values::add);
              p.mailto().ifPresent(values::add);
            });
    for (String text : texts) {
      TokenText t = TokenText.of(text);
      Detectors.all()
          .scan(t, new DetectionContext(names))
          .forEach(d -> values.add(text.substring(d.start(), d.end())));
    }
    return values;
  }

  private static String digitsOf(String value) {
    StringBuilder digits = new StringBuilder();
    DigitRuns.of(TokenText.of(value)).forEach(run -> run.forEach(u -> digits.append(u.digits())));
    return digits.toString();
  }

  @Test
  void theRecording_isMaskedFromTheWordTimings_intoNewMedia_andTheRestIsUntouched()
      throws Exception {
    MediaRef originalMedia = storeWav(TestCalls.wav(4, 1));
    run(pipeline("{\"audio_margin_ms\": 50}"), call(originalMedia));
    Vcon out = output();
    String url = out.dialogs().get(0).url().orElseThrow();
    String key = media.keyOf(url).orElseThrow();
    assertThat(key).isNotEqualTo(originalMedia.key());
    assertThat(out.dialogs().get(0).contentHashes()).containsExactly(key.substring(6));
    assertThat(out.dialogs().get(0).mediatype()).contains("audio/x-wav");
    try (InputStream in = store.get(key)) {
      assertThat(ContentHash.sha512(in).toString()).isEqualTo(key.substring(6));
    }
    short[] samples = samples(key);
    assertThat(samples).hasSize(4 * TestCalls.RATE);
    // "carol" 0.8-0.9 s and the card 1.2-2.8 s, each widened by 50 ms: tone there, the call
    // elsewhere (a few frames kept clear of each edge for rounding).
    for (int f = 0; f < samples.length; f++) {
      double t = f / (double) TestCalls.RATE;
      boolean name = t > 0.751 && t < 0.949;
      boolean card = t > 1.151 && t < 2.849;
      boolean clear = t < 0.749 || (t > 0.951 && t < 1.149) || t > 2.851;
      if (name || card) {
        assertThat((int) samples[f]).as("frame " + f).isEqualTo(TestCalls.tone(f));
      } else if (clear) {
        assertThat((int) samples[f]).as("frame " + f).isEqualTo(TestCalls.sample(f, 0));
      }
    }
    JsonNode audio = out.analysis().get(1).body().orElseThrow().path("audio").get(0);
    assertThat(audio.path("dialog").asInt()).isZero();
    assertThat(audio.path("ranges").asInt()).isEqualTo(2);
    assertThat(audio.path("fill").asText()).isEqualTo("tone");
  }

  @Test
  void perChannelTranscripts_maskOnlyTheirOwnChannel_withSilenceWhenAsked() throws Exception {
    Vcon call = call(storeWav(TestCalls.wav(4, 2)));
    ObjectNode json = call.toJson();
    ArrayNode analysis = (ArrayNode) json.path("analysis");
    analysis.removeAll();
    analysis.add(TestCalls.transcript(0, 0, 0, 0.5, SPOKEN));
    analysis.add(TestCalls.transcript(0, 1, 1, 0.5, "okay let me check that for you now"));
    ((ObjectNode) json.path("dialog").get(0)).putArray("parties").add(0).add(1);
    run(pipeline("{\"audio\": \"silence\", \"audio_margin_ms\": 0}"), Vcon.of(json));
    short[] samples = samples(media.keyOf(output().dialogs().get(0).url().orElseThrow()).get());
    for (int f = 0; f < samples.length / 2; f++) {
      double t = f / (double) TestCalls.RATE;
      boolean card = t > 1.201 && t < 2.799;
      if (card) {
        assertThat(samples[2 * f]).as("frame " + f).isZero();
      } else if (t < 0.799 || t > 2.801) {
        assertThat((int) samples[2 * f]).isEqualTo(TestCalls.sample(f, 0));
      }
      assertThat((int) samples[2 * f + 1])
          .as("channel 1 frame " + f)
          .isEqualTo(TestCalls.sample(f, 1));
    }
  }

  @Test
  void aRecordingWithoutTranscript_losesItsContent_andTheReportSaysWhy() {
    Vcon call = call(storeWav(TestCalls.wav(1, 1)));
    ObjectNode json = call.toJson();
    ((ArrayNode) json.path("analysis")).removeAll();
    run(pipeline("{}"), Vcon.of(json));
    Vcon out = output();
    assertThat(out.dialogs().get(0).url()).isEmpty();
    assertThat(out.dialogs().get(0).contentHashes()).isEmpty();
    JsonNode removed = out.analysis().get(0).body().orElseThrow().path("removed").get(0);
    assertThat(removed.path("dialog").asInt()).isZero();
    assertThat(removed.path("reason").asText()).contains("no transcript");
  }

  @Test
  void redelivery_writesNothingTwice_andDropRemovesTheEarlierCopies_recordingItOnce() {
    PipelineDeclaration dropping = pipeline("{\"original\": \"drop\"}");
    store.putBytes("vcons/p/ingest/" + ID + ".vcon.json", "{}".getBytes(), PutOptions.JSON);
    Vcon call = call(storeWav(TestCalls.wav(4, 1)));
    BlobMetadata input =
        store.putBytes("vcons/p/transcribe/" + ID + ".vcon.json", call.toBytes(), PutOptions.JSON);
    assertThat(redeliver(dropping, input)).isEqualTo(StageOutcome.WRITTEN);
    String first = written();
    assertThat(store.head("vcons/p/transcribe/" + ID + ".vcon.json")).isEmpty();
    assertThat(store.head("vcons/p/ingest/" + ID + ".vcon.json")).isEmpty();
    assertThat(redeliver(dropping, input)).isEqualTo(StageOutcome.DUPLICATE);
    assertThat(written()).isEqualTo(first);
    List<JsonNode> records = new Ledger(store).records(ID);
    assertThat(records).hasSize(2);
    assertThat(records.get(1).path("stage").asText()).isEqualTo("redact/drop-original");
    assertThat(records.get(1).path("deleted").toString())
        .isEqualTo(
            "[\"vcons/p/ingest/"
                + ID
                + ".vcon.json\",\"vcons/p/transcribe/"
                + ID
                + ".vcon.json\"]");
    assertThat(records.get(1).toString()).doesNotContain("carol");
  }

  @Test
  void keepIsTheDefault_andARedeliveryIsADuplicate() {
    Vcon call = call(storeWav(TestCalls.wav(4, 1)));
    assertThat(run(pipeline("{}"), call)).isEqualTo(StageOutcome.WRITTEN);
    assertThat(run(pipeline("{}"), call)).isEqualTo(StageOutcome.DUPLICATE);
    assertThat(store.head("vcons/p/transcribe/" + ID + ".vcon.json")).isPresent();
  }

  @Test
  void badOptions_quarantineWithTheOptionNamed() {
    assertThat(
            run(
                pipeline("{\"detectors\": [\"card\", \"passport\"], \"audio\": \"beep\"}"),
                call(storeWav(TestCalls.wav(1, 1)))))
        .isEqualTo(StageOutcome.QUARANTINED);
    String quarantined =
        new String(
            store.getBytes(store.list("quarantine/p/redact/").get(0).key(), 100_000),
            StandardCharsets.UTF_8);
    assertThat(quarantined).contains("unknown detector 'passport'").contains("options.audio");
    assertThat(store.list("vcons/p/redact/")).isEmpty();
  }

  @Test
  void chosenDetectorsOnly() {
    run(
        pipeline("{\"detectors\": [\"email\"], \"party_identifiers\": \"keep\"}"),
        call(storeWav(TestCalls.wav(4, 1))));
    Vcon out = output();
    assertThat(out.dialogs().get(1).body().orElseThrow().asText())
        .isEqualTo("It's [EMAIL], card 5555 5555 5555 4444 and SSN 123-45-6789.");
    assertThat(out.parties().get(0).tel()).contains("+14155550177");
  }

  private short[] samples(String key) throws Exception {
    try (AudioInputStream pcm = AudioPipeline.pcm16(store.get(key))) {
      byte[] bytes = pcm.readAllBytes();
      short[] s = new short[bytes.length / 2];
      for (int i = 0; i < s.length; i++) {
        s[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
      }
      return s;
    }
  }

  @SuppressWarnings("unused")
  private static JsonNode json(String key, FileSystemBlobStore store) {
    return VconJson.codec().read(store.getBytes(key, 1_000_000));
  }
}
