package io.conserver.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw drops (recordings with sidecars, chat transcripts) through the ingest stage. */
class SourcesTest {
  private static final Path SAMPLES = RepoPaths.resolve("events/conversations");
  private static final PipelineDeclaration DEFAULT =
      PipelineParser.parse(RepoPaths.resolve("terraform/pipelines/default.json"));

  @TempDir Path dir;
  private FileSystemBlobStore store;

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
  }

  private StageRunner runner(Clock clock) {
    return new StageRunner(store, "default", DEFAULT, "ingest", new IngestTransformation(), clock);
  }

  /** A clock long after every upload of the test, so no sidecar is waited for. */
  private static Clock later() {
    return Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
  }

  private ObjectCreated drop(String name, byte[] content) {
    BlobMetadata m = store.putBytes("inbox/default/" + name, content, PutOptions.BINARY);
    return new ObjectCreated("default", "local", m.key(), m.size(), m.version());
  }

  private Vcon onlyOutput() {
    var outputs = store.list("vcons/default/ingest/");
    assertThat(outputs).hasSize(1);
    return Vcon.parse(store.getBytes(outputs.get(0).key(), 1_000_000));
  }

  @Test
  void recordingWithSidecar_becomesAVconReferringToContentAddressedMedia() throws Exception {
    byte[] mp3 = Files.readAllBytes(SAMPLES.resolve("recorded-call.mp3"));
    ObjectCreated sidecar =
        drop("call.json", Files.readAllBytes(SAMPLES.resolve("recorded-call.json")));
    ObjectCreated audio = drop("call.mp3", mp3);
    StageRunner runner = runner(Clock.systemUTC());

    assertThat(runner.handle(sidecar, 1)).isEqualTo(StageOutcome.IGNORED);
    assertThat(runner.handle(audio, 1)).isEqualTo(StageOutcome.WRITTEN);

    Vcon vcon = onlyOutput();
    assertThat(vcon.subject()).contains("Recorded call: customer adds a service");
    assertThat(vcon.parties())
        .extracting(p -> p.name().orElseThrow())
        .containsExactly("Alice", "Bob");
    Dialog recording = vcon.dialogs().get(0);
    String hash = ContentHash.sha512(mp3).toString();
    assertThat(recording.contentHashes()).containsExactly(hash);
    assertThat(recording.url()).contains("https://media.conserver.invalid/default/media/" + hash);
    assertThat(recording.mediatype()).contains("audio/x-mp3");
    assertThat(recording.partyIndexes()).containsExactly(0, 1);
    assertThat(recording.start())
        .hasValueSatisfying(t -> assertThat(t.toString()).startsWith("2026-11-24T11:15"));
    assertThat(store.getBytes("media/" + hash, 10_000_000)).isEqualTo(mp3);
    assertThat(vcon.attachments())
        .singleElement()
        .satisfies(a -> assertThat(a.purpose()).contains("tags"));
  }

  @Test
  void sidecarBeforeItsRecording_waitsForIt_andAnOrphanIsQuarantined() throws Exception {
    ObjectCreated sidecar =
        drop("early.json", Files.readAllBytes(SAMPLES.resolve("recorded-call.json")));

    assertThat(runner(Clock.systemUTC()).handle(sidecar, 1)).isEqualTo(StageOutcome.RETRY);
    assertThat(runner(later()).handle(sidecar, 2)).isEqualTo(StageOutcome.QUARANTINED);

    JsonNode record =
        VconJson.codec().read(store.getBytes(store.list("quarantine/").get(0).key(), 100_000));
    assertThat(record.path("error").path("message").asText())
        .startsWith("a sidecar without its recording");
    assertThat(store.list("vcons/")).isEmpty();
  }

  @Test
  void recordingWithoutItsSidecar_waitsForIt_thenGoesOnWithoutIt() {
    ObjectCreated audio = drop("lonely.wav", wav(8000, 16_000));

    assertThat(runner(Clock.systemUTC()).handle(audio, 1)).isEqualTo(StageOutcome.RETRY);
    assertThat(store.list("vcons/")).isEmpty();

    assertThat(runner(later()).handle(audio, 2)).isEqualTo(StageOutcome.WRITTEN);
    Vcon vcon = onlyOutput();
    assertThat(vcon.parties()).isEmpty();
    assertThat(vcon.dialogs().get(0).duration())
        .hasValueSatisfying(d -> assertThat(d.doubleValue()).isEqualTo(2.0));
    assertThat(vcon.dialogs().get(0).mediatype()).contains("audio/x-wav");
  }

  @Test
  void theSameRecordingDroppedTwice_isStoredOnceAsMedia() {
    byte[] audio = wav(8000, 800);
    runner(later()).handle(drop("a.wav", audio), 1);
    runner(later()).handle(drop("b.wav", audio), 1);

    assertThat(store.list("media/")).hasSize(1);
  }

  @Test
  void theSameRecordingUnderTwoNames_inTheSameMillisecond_becomesTwoConversations()
      throws Exception {
    byte[] mp3 = Files.readAllBytes(SAMPLES.resolve("recorded-call.mp3"));
    drop("alice.json", "{\"parties\":[{\"name\":\"Alice\"}]}".getBytes(StandardCharsets.UTF_8));
    drop("erin.json", "{\"parties\":[{\"name\":\"Erin\"}]}".getBytes(StandardCharsets.UTF_8));
    drop("alice.mp3", mp3);
    drop("erin.mp3", mp3);
    // Both uploads land in the same millisecond, as the CLI's drops of a batch can.
    FileTime sameInstant = FileTime.from(Instant.parse("2026-11-26T09:00:00.123Z"));
    for (String name : List.of("alice.mp3", "erin.mp3")) {
      Files.setLastModifiedTime(dir.resolve("b/inbox/default/" + name), sameInstant);
    }
    StageRunner runner = runner(later());

    for (String name : List.of("alice.mp3", "erin.mp3")) {
      BlobMetadata m = store.head("inbox/default/" + name).orElseThrow();
      assertThat(
              runner.handle(
                  new ObjectCreated("default", "local", m.key(), m.size(), m.version()), 1))
          .as(name)
          .isEqualTo(StageOutcome.WRITTEN);
    }

    assertThat(store.list("vcons/default/ingest/"))
        .extracting(o -> Vcon.parse(store.getBytes(o.key(), 1_000_000)))
        .extracting(v -> v.parties().get(0).name().orElseThrow())
        .containsExactlyInAnyOrder("Alice", "Erin");
    assertThat(store.list("quarantine/")).isEmpty();
  }

  @Test
  void videoIsRecognisedByItsBytes_notItsName() {
    byte[] webm = {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    assertThat(runner(later()).handle(drop("meeting.bin", webm), 1))
        .isEqualTo(StageOutcome.WRITTEN);

    assertThat(onlyOutput().dialogs().get(0).mediatype()).contains("video/webm");
  }

  @Test
  void chatTranscript_becomesOneTextDialogPerMessage() throws Exception {
    ObjectCreated chat =
        drop("chat.json", Files.readAllBytes(SAMPLES.resolve("support-chat.json")));

    assertThat(runner(later()).handle(chat, 1)).isEqualTo(StageOutcome.WRITTEN);

    Vcon vcon = onlyOutput();
    assertThat(vcon.parties())
        .extracting(p -> p.mailto().orElseThrow())
        .containsExactly("ivan.petrov@example.org", "judy@support.example.com");
    assertThat(vcon.dialogs()).hasSize(5);
    assertThat(vcon.dialogs().get(1).originator()).hasValue(1);
    assertThat(vcon.dialogs().get(1).partyIndexes()).containsExactly(1, 0);
    assertThat(new String(vcon.dialogs().get(2).bodyBytes().orElseThrow(), StandardCharsets.UTF_8))
        .contains("12 Harbor Street");
  }

  @Test
  void chatMessageFromAnUnknownParticipant_isQuarantinedWithItsPointer() {
    String chat =
        "{\"participants\":[{\"id\":\"a\",\"name\":\"A\"}],\"messages\":[{\"from\":\"zz\",\"at\":\"2026-11-25T15:02:11Z\",\"text\":\"hi\"}]}";

    assertThat(
            runner(later()).handle(drop("bad-chat.json", chat.getBytes(StandardCharsets.UTF_8)), 1))
        .isEqualTo(StageOutcome.QUARANTINED);

    JsonNode record =
        VconJson.codec().read(store.getBytes(store.list("quarantine/").get(0).key(), 100_000));
    assertThat(record.path("error").path("details").toString()).contains("/messages/0/from");
  }

  @Test
  void unrecognisedBinary_isQuarantinedWithAClearReason() {
    runner(later()).handle(drop("mystery.bin", new byte[] {0, 1, 2, 3, 4, 5}), 1);

    JsonNode record =
        VconJson.codec().read(store.getBytes(store.list("quarantine/").get(0).key(), 100_000));
    assertThat(record.path("error").path("message").asText())
        .startsWith("not recognised: neither JSON");
  }

  /** A PCM WAV of silence: 16-bit mono at the given rate. */
  private static byte[] wav(int sampleRate, int samples) {
    int dataBytes = samples * 2;
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header
        .put("RIFF".getBytes(StandardCharsets.US_ASCII))
        .putInt(36 + dataBytes)
        .put("WAVE".getBytes(StandardCharsets.US_ASCII));
    header
        .put("fmt ".getBytes(StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1);
    header.putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
    header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header.array());
    out.writeBytes(new byte[dataBytes]);
    return out.toByteArray();
  }
}
