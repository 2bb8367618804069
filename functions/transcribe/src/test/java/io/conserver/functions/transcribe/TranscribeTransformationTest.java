package io.conserver.functions.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.sun.net.httpserver.HttpServer;
import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.TranscriberProvider;
import io.conserver.functions.transcribe.engine.Transcript;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.functions.transcribe.quality.WordErrorRate;
import io.conserver.functions.transcribe.sphinx.PocketSphinxProvider;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.fetch.FetchPolicy;
import io.conserver.platform.fetch.GuardedFetcher;
import io.conserver.platform.media.MediaRef;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.JobArea;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.vcon.Analysis;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transcribe stage through the real stage runner on a local bucket. */
class TranscribeTransformationTest {
  private static final String UUID_TEXT = "019f15a6-a752-826f-b9a2-279e0d16bc46";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final OffsetDateTime START = OffsetDateTime.parse("2026-11-20T09:30:00Z");

  @TempDir Path dir;
  private FileSystemBlobStore store;
  private final List<TranscriberProvider> providers = new ArrayList<>();
  private FetchPolicy fetchPolicy = FetchPolicy.defaults();

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
    providers.add(new PocketSphinxProvider());
  }

  // ---- helpers ----

  // Transcription comes before redaction by nature (redaction needs the words), so a pipeline that
  // lets a third-party engine hear the audio must say so twice: allow_third_party in the options
  // and allow_unredacted_outside on the stage (the parser's rule). Harmless for offline engines.
  private static PipelineDeclaration pipeline(String options) {
    String json =
        "{\"name\":\"sales\",\"stages\":[{\"name\":\"ingest\",\"function\":\"ingest\"},"
            + "{\"name\":\"transcribe\",\"function\":\"transcribe\","
            + "\"allow_unredacted_outside\":true,\"options\":"
            + options
            + "}],\"lawful_basis_default\":\"legitimate_interest\"}";
    return PipelineParser.parse(json.getBytes(StandardCharsets.UTF_8), "test");
  }

  private StageOutcome run(String options, Vcon vcon) {
    BlobMetadata m =
        store.putBytes(
            "vcons/sales/ingest/" + vcon.uuid() + ".vcon.json", vcon.toBytes(), PutOptions.JSON);
    return deliver(options, m);
  }

  private StageOutcome deliver(String options, BlobMetadata m) {
    TranscribeTransformation transformation =
        new TranscribeTransformation(
            new Engines(providers, new SecretRefs(name -> null, Map.<String, String>of()::get)),
            () ->
                new GuardedFetcher(
                    fetchPolicy,
                    InetAddress::getAllByName,
                    dir,
                    (SSLSocketFactory) SSLSocketFactory.getDefault()));
    StageRunner runner =
        new StageRunner(store, "t1", pipeline(options), "transcribe", transformation, CLOCK);
    return runner.handle(new ObjectCreated("t1", "local", m.key(), m.size(), m.version()), 1);
  }

  private Vcon output() {
    return Vcon.parse(
        store.getBytes("vcons/sales/transcribe/" + UUID_TEXT + ".vcon.json", 10_000_000));
  }

  private String quarantineMessage() {
    JsonNode record =
        VconJson.codec()
            .read(store.getBytes("quarantine/sales/transcribe/" + UUID_TEXT + ".json", 1_000_000));
    return record.path("error").path("message").asText();
  }

  private static Vcon.Builder call(int parties) {
    Vcon.Builder b = Vcon.builder(UUID.fromString(UUID_TEXT), START);
    for (int i = 0; i < parties; i++) {
      b.addParty(Party.builder().name(i == 0 ? "Alice" : "Bob").tel("+1555000000" + i).build());
    }
    return b;
  }

  private static Dialog inline(byte[] audio, String mediatype, Integer... parties) {
    return Dialog.builder("recording")
        .start(START)
        .parties(parties)
        .mediatype(mediatype)
        .inlineBytes(audio)
        .build();
  }

  private static List<Analysis> transcripts(Vcon vcon) {
    return vcon.analysis().stream()
        .filter(a -> a.type().filter("transcript"::equals).isPresent())
        .toList();
  }

  private static JsonNode body(Analysis a) {
    return a.body().orElseThrow();
  }

  /** The body follows docs/schemas/transcript.schema.json, the contract its readers rely on. */
  private static void assertMatchesSchema(JsonNode body) throws Exception {
    var schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(
                Files.readString(RepoPaths.resolve("docs/schemas/transcript.schema.json")),
                InputFormat.JSON);
    assertThat(schema.validate(body.toString(), InputFormat.JSON)).isEmpty();
  }

  private static String words(JsonNode body) {
    List<String> words = new ArrayList<>();
    body.path("words").forEach(w -> words.add(w.path("word").asText()));
    return String.join(" ", words);
  }

  // ---- the real engine ----

  @Test
  void isFoundByFunctionName_throughTheServiceLoader() {
    assertThat(ServiceLoader.load(Transformation.class).stream().map(p -> p.get().function()))
        .contains("transcribe");
  }

  @Test
  void anInlineRecordingGetsOneTranscript_theTextDialogIsUntouched_andAudioIsMetered()
      throws Exception {
    Speech.assumeSphinx();
    Dialog text = Dialog.builder("text").start(START).parties(1).inlineText("see you").build();
    Vcon vcon =
        call(2).addDialog(inline(Speech.opus("u16"), "audio/ogg", 0)).addDialog(text).build();

    assertThat(run("{}", vcon)).isEqualTo(StageOutcome.WRITTEN);

    Vcon out = output();
    assertThat(out.dialogs()).isEqualTo(vcon.dialogs());
    Analysis transcript = transcripts(out).get(0);
    assertThat(transcripts(out)).hasSize(1);
    assertThat(transcript.dialogIndexes()).containsExactly(0);
    assertThat(transcript.vendor()).contains("cmu");
    assertThat(transcript.product()).contains("pocketsphinx-5prealpha");
    assertThat(transcript.schema()).contains("conserver-transcript/1");
    assertThat(transcript.encoding()).contains("json");
    JsonNode body = body(transcript);
    assertThat(body.path("language").asText()).isEqualTo("en-US");
    assertThat(body.has("channel")).isFalse();
    assertMatchesSchema(body);
    assertThat(body.path("text").asText())
        .isEqualTo(words(body))
        .contains("two zero two five five five zero one nine eight");
    assertThat(WordErrorRate.of(Speech.reference("u16"), body.path("text").asText()).rate())
        .isLessThan(0.35);
    assertThat(body.path("words")).allSatisfy(w -> assertThat(w.path("party").asInt()).isZero());
    double duration = body.path("duration").asDouble();
    assertThat(duration).isBetween(4.0, 12.0);
    JsonNode meter =
        VconJson.codec()
            .read(
                store.getBytes(
                    "meter/2026-11-26/sales/transcribe/" + UUID_TEXT + ".json", 100_000));
    assertThat(meter.path("audio_seconds").asDouble()).isEqualTo(duration, offset());
  }

  @Test
  void aStereoDialogWithOnePartyPerChannelGetsATranscriptPerChannel() throws Exception {
    Speech.assumeSphinx();
    Dialog stereo =
        Dialog.builder("recording")
            .start(START)
            .channels(List.of(List.of(0), List.of(1)))
            .mediatype("audio/wav")
            .inlineBytes(Speech.stereo("u35", "u20"))
            .build();
    assertThat(run("{}", call(2).addDialog(stereo).build())).isEqualTo(StageOutcome.WRITTEN);

    List<Analysis> transcripts = transcripts(output());
    assertThat(transcripts).hasSize(2);
    for (int channel = 0; channel < 2; channel++) {
      JsonNode body = body(transcripts.get(channel));
      assertThat(body.path("channel").asInt()).isEqualTo(channel);
      assertMatchesSchema(body);
      int party = channel;
      assertThat(body.path("words"))
          .isNotEmpty()
          .allSatisfy(w -> assertThat(w.path("party").asInt()).isEqualTo(party));
    }
    assertThat(body(transcripts.get(0)).path("text").asText())
        .contains("nine one seven four four four two two eight eight");
    assertThat(body(transcripts.get(1)).path("text").asText()).contains("account number");
  }

  @Test
  void bucketMediaAndMediaFetchedThroughTheGuardAreTranscribed() throws Exception {
    Speech.assumeSphinx();
    byte[] audio = Speech.opus("u07");
    store.putBytes("drops/u07.opus", audio, PutOptions.of("audio/ogg"));
    MediaRef ref =
        new MediaStore(store, MediaStore.defaultBaseUrl("t1"))
            .importObject("drops/u07.opus", "audio/ogg");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] fetched = Speech.opus("u26");
    server.createContext(
        "/u26.opus",
        x -> {
          x.sendResponseHeaders(200, fetched.length);
          try (OutputStream out = x.getResponseBody()) {
            out.write(fetched);
          }
        });
    server.start();
    try {
      int port = server.getAddress().getPort();
      fetchPolicy =
          FetchPolicy.defaults().allowForTests("127.0.0.1:" + port).allowPlainHttpForTests();
      Vcon vcon =
          call(1)
              .addDialog(
                  Dialog.builder("recording")
                      .start(START)
                      .parties(0)
                      .external(ref.url(), ref.contentHash())
                      .build())
              .addDialog(
                  Dialog.builder("recording")
                      .start(START)
                      .parties(0)
                      .external(
                          "http://127.0.0.1:" + port + "/u26.opus", ContentHash.sha512(fetched))
                      .build())
              .build();
      assertThat(run("{}", vcon)).isEqualTo(StageOutcome.WRITTEN);
    } finally {
      server.stop(0);
    }
    List<Analysis> transcripts = transcripts(output());
    assertThat(transcripts).extracting(a -> a.dialogIndexes().get(0)).containsExactly(0, 1);
    assertThat(body(transcripts.get(0)).path("text").asText()).contains("john smith");
    assertThat(body(transcripts.get(1)).path("text").asText()).contains("patience");
  }

  @Test
  void aVideoRecordingIsTranscribedFromItsAudioTrack_andStaysByReference() throws Exception {
    Speech.assumeSphinx();
    byte[] mp4;
    try (InputStream in = getClass().getResourceAsStream("/video/call.mp4")) {
      mp4 = in.readAllBytes();
    }
    store.putBytes("drops/call.mp4", mp4, PutOptions.of("video/mp4"));
    MediaRef ref =
        new MediaStore(store, MediaStore.defaultBaseUrl("t1"))
            .importObject("drops/call.mp4", "video/mp4");
    Dialog video =
        Dialog.builder("recording")
            .start(START)
            .parties(0)
            .mediatype("video/mp4")
            .external(ref.url(), ref.contentHash())
            .build();
    assertThat(run("{}", call(1).addDialog(video).build())).isEqualTo(StageOutcome.WRITTEN);
    Vcon out = output();
    assertThat(out.dialogs().get(0).url()).contains(ref.url());
    assertThat(out.dialogs().get(0).body()).isEmpty();
    assertThat(body(transcripts(out).get(0)).path("text").asText()).contains("john smith");
  }

  @Test
  void aMissingBinaryQuarantinesWithTheInstallHint() {
    providers.clear();
    providers.add(
        provider("pocketsphinx", io.conserver.functions.transcribe.sphinx.SphinxTesting.without()));
    assertThat(run("{}", call(1).addDialog(inline(Speech.opus("u01"), "audio/ogg", 0)).build()))
        .isEqualTo(StageOutcome.QUARANTINED);
    assertThat(quarantineMessage()).contains("apt-get install pocketsphinx pocketsphinx-en-us");
  }

  // ---- bad input ----

  @Test
  void corruptUnsupportedAndEmptyAudioAreQuarantinedWithAReason() {
    byte[] corrupt =
        "RIFF\u0000\u0000\u0000\u0000WAVEjunkjunkjunk".getBytes(StandardCharsets.ISO_8859_1);
    byte[] flac = "fLaC\u0000\u0000\u0000\"".getBytes(StandardCharsets.ISO_8859_1);
    Map<byte[], String> cases =
        Map.of(corrupt, "corrupt", flac, "unsupported", new byte[0], "empty");
    for (Map.Entry<byte[], String> c : cases.entrySet()) {
      store =
          new FileSystemBlobStore(
              "local", dir.resolve(c.getValue()), dir.resolve(c.getValue() + "-m"));
      providers.clear();
      providers.add(provider("pocketsphinx", new Scripted(TrustBoundary.OFFLINE)));
      Vcon vcon = call(1).addDialog(inline(c.getKey(), "audio/wav", 0)).build();
      assertThat(run("{}", vcon)).as(c.getValue()).isEqualTo(StageOutcome.QUARANTINED);
      assertThat(quarantineMessage())
          .as(c.getValue())
          .startsWith("dialog 0: ")
          .contains(c.getValue());
    }
  }

  @Test
  void anEngineTimeoutIsRetriedNotQuarantined() {
    providers.clear();
    Scripted engine = new Scripted(TrustBoundary.OFFLINE);
    engine.failure =
        new TranscriptionException(
            TranscriptionException.Kind.TRANSIENT, "pocketsphinx did not finish within 1 s");
    providers.add(provider("pocketsphinx", engine));
    Vcon vcon = call(1).addDialog(inline(Speech.opus("u01"), "audio/ogg", 0)).build();
    assertThat(run("{}", vcon)).isEqualTo(StageOutcome.RETRY);
    assertThat(store.head("quarantine/sales/transcribe/" + UUID_TEXT + ".json")).isEmpty();
  }

  @Test
  void anUnknownEngineIsQuarantinedNamingTheAvailableOnes() {
    Vcon vcon = call(1).addDialog(inline(Speech.opus("u01"), "audio/ogg", 0)).build();
    assertThat(run("{\"engine\":\"whisper\"}", vcon)).isEqualTo(StageOutcome.QUARANTINED);
    assertThat(quarantineMessage()).contains("whisper", "[pocketsphinx]");
  }

  // ---- idempotency, skips ----

  @Test
  void aDialogAlreadyTranscribedByTheSameEngineIsNotRedone_otherDialogsAre() {
    providers.clear();
    Scripted engine = new Scripted(TrustBoundary.OFFLINE);
    providers.add(provider("pocketsphinx", engine));
    Dialog first = inline(Speech.opus("u01"), "audio/ogg", 0);
    Dialog second = inline(Speech.opus("u02"), "audio/ogg", 0);
    Vcon once = call(1).addDialog(first).build();
    assertThat(run("{}", once)).isEqualTo(StageOutcome.WRITTEN);
    assertThat(engine.calls.get()).isEqualTo(1);

    // The transcribed vCon comes back with a new dialog (an amended copy, say).
    Vcon amended = output().toBuilder().addDialog(second).build();
    store = new FileSystemBlobStore("local", dir.resolve("b2"), dir.resolve("m2"));
    assertThat(run("{}", amended)).isEqualTo(StageOutcome.WRITTEN);
    assertThat(engine.calls.get()).isEqualTo(2);
    assertThat(transcripts(output()))
        .extracting(a -> a.dialogIndexes().get(0))
        .containsExactly(0, 1);
  }

  @Test
  void aVconWithoutRecordingsIsPassedOnAsSkipped_recordingSetsAndPendingMediaAreNoted() {
    providers.clear();
    Scripted engine = new Scripted(TrustBoundary.OFFLINE);
    providers.add(provider("pocketsphinx", engine));
    Vcon vcon =
        call(2)
            .addDialog(Dialog.builder("text").start(START).parties(0).inlineText("hi").build())
            .addDialog(Dialog.builder("recording").start(START).parties(0, 1).build())
            .build();
    ObjectNode json = (ObjectNode) vcon.toJson();
    ObjectNode set =
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("dialog")).addObject();
    set.put("type", "recording-set");
    set.put("start", START.toString());
    set.putArray("recordings").add(1);
    assertThat(run("{}", Vcon.of(json))).isEqualTo(StageOutcome.WRITTEN);
    assertThat(engine.calls.get()).isZero();
    JsonNode ledger = new Ledger(store).records(UUID_TEXT).get(0);
    assertThat(ledger.path("outcome").asText()).isEqualTo("skipped");
    assertThat(ledger.path("skipped_because").asText()).isEqualTo("no recording to transcribe");
    assertThat(ledger.path("warnings").toString())
        .contains("skipped:dialog/1:no media yet", "skipped:dialog/2:recording-set");
    assertThat(transcripts(output())).isEmpty();
  }

  // ---- trust boundary ----

  @Test
  void aThirdPartyEngineRefusesWithoutOptIn_andEachTransferIsInTheLedgerWithIt() {
    providers.clear();
    Scripted engine = new Scripted(TrustBoundary.THIRD_PARTY);
    providers.add(provider("saas", engine));
    Vcon vcon = call(1).addDialog(inline(Speech.opus("u01"), "audio/ogg", 0)).build();

    assertThat(run("{\"engine\":\"saas\"}", vcon)).isEqualTo(StageOutcome.QUARANTINED);
    assertThat(quarantineMessage()).contains("third party", "\"allow_third_party\": true");
    assertThat(engine.calls.get()).isZero();

    store = new FileSystemBlobStore("local", dir.resolve("b3"), dir.resolve("m3"));
    assertThat(run("{\"engine\":\"saas\",\"allow_third_party\":true}", vcon))
        .isEqualTo(StageOutcome.WRITTEN);
    JsonNode ledger = new Ledger(store).records(UUID_TEXT).get(0);
    assertThat(ledger.path("warnings").toString()).contains("sent_outside:saas-vendor:dialog/0");
  }

  // ---- asynchronous jobs ----

  @Test
  void aPendingJobIsRecorded_andTheRedeliveredInputResumesIt() {
    providers.clear();
    Scripted engine = new Scripted(TrustBoundary.TENANT_CLOUD);
    engine.pendingFirst = 1;
    providers.add(provider("cloud", engine));
    Vcon vcon = call(1).addDialog(inline(Speech.opus("u01"), "audio/ogg", 0)).build();
    BlobMetadata input =
        store.putBytes(
            "vcons/sales/ingest/" + vcon.uuid() + ".vcon.json", vcon.toBytes(), PutOptions.JSON);

    assertThat(deliver("{\"engine\":\"cloud\"}", input)).isEqualTo(StageOutcome.IGNORED);
    assertThat(store.head("vcons/sales/transcribe/" + UUID_TEXT + ".vcon.json")).isEmpty();
    PendingJobs jobs = new PendingJobs(new JobArea(store, "sales", "transcribe"));
    PendingJobs.Job job = jobs.byJobId("cloud-vendor", "job-1").orElseThrow();
    assertThat(job.inputKey()).isEqualTo(input.key());
    assertThat(job.dialog()).isZero();
    assertThat(job.channel()).isEqualTo(-1);
    assertThat(store.head("jobs/sales/transcribe/" + UUID_TEXT + "/0--1.json")).isPresent();

    // The completion arrives before the result is readable: still pending, nothing written.
    assertThat(deliver("{\"engine\":\"cloud\"}", input)).isEqualTo(StageOutcome.IGNORED);
    // Then it is: the job is collected, never started again.
    assertThat(deliver("{\"engine\":\"cloud\"}", input)).isEqualTo(StageOutcome.WRITTEN);
    assertThat(engine.calls.get()).isEqualTo(1);
    assertThat(engine.resumed).containsExactly("job-1", "job-1");
    assertThat(body(transcripts(output()).get(0)).path("text").asText()).isEqualTo("hello there");
    // A late duplicate completion changes nothing.
    assertThat(deliver("{\"engine\":\"cloud\"}", input)).isEqualTo(StageOutcome.DUPLICATE);
  }

  // ---- in-test engines ----

  private static org.assertj.core.data.Offset<Double> offset() {
    return org.assertj.core.data.Offset.offset(0.001);
  }

  private static TranscriberProvider provider(String name, Transcriber engine) {
    return new TranscriberProvider() {
      @Override
      public String engine() {
        return name;
      }

      @Override
      public Transcriber create(ObjectNode options, SecretRefs secrets) {
        return engine;
      }
    };
  }

  /**
   * An engine whose answers the test scripts. It reads the PCM it is given (so bad audio fails as
   * it would in a real engine) and answers "hello there"; {@code pendingFirst} resumes stay pending
   * before the job is done.
   */
  private static final class Scripted implements Transcriber {
    private final TrustBoundary boundary;
    final AtomicInteger calls = new AtomicInteger();
    final List<String> resumed = new ArrayList<>();
    int pendingFirst = -1;
    TranscriptionException failure;

    Scripted(TrustBoundary boundary) {
      this.boundary = boundary;
    }

    @Override
    public String vendor() {
      return boundary == TrustBoundary.OFFLINE
          ? "cmu"
          : boundary == TrustBoundary.THIRD_PARTY ? "saas-vendor" : "cloud-vendor";
    }

    @Override
    public String product() {
      return boundary == TrustBoundary.OFFLINE ? "pocketsphinx-5prealpha" : "test-1";
    }

    @Override
    public TrustBoundary boundary() {
      return boundary;
    }

    @Override
    public Progress transcribe(TranscriptionRequest request) throws TranscriptionException {
      calls.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      try (InputStream pcm = request.audio().pcm16kMono()) {
        pcm.transferTo(OutputStream.nullOutputStream());
      } catch (io.conserver.media.MediaException e) {
        throw new TranscriptionException(TranscriptionException.Kind.PERMANENT, e.getMessage(), e);
      } catch (java.io.IOException e) {
        throw new TranscriptionException(TranscriptionException.Kind.TRANSIENT, e.getMessage(), e);
      }
      return pendingFirst >= 0 ? new Progress.Pending("job-1") : done();
    }

    @Override
    public Progress resume(String jobId) {
      resumed.add(jobId);
      return pendingFirst-- > 0 ? new Progress.Pending(jobId) : done();
    }

    private static Progress done() {
      return new Progress.Done(
          new Transcript(
              "hello there",
              "en-US",
              List.of(
                  new Transcript.Word("hello", 0.1, 0.4, 0.9, -1),
                  new Transcript.Word("there", 0.5, 0.8, 0.8, -1)),
              java.util.Optional.of(0.85),
              java.util.Optional.of(1.5)));
    }
  }
}
