package io.conserver.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.platform.testing.JsonMutants;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fuzz of every source adapter through the real ingest stage: each committed sample (vCons, chat
 * exports, Connect, Genesys, Twilio, Zoom, SIPREC, mbox) truncated at many offsets, JSON values
 * replaced by values of the wrong type or content or removed, and random bytes flipped (seeded: a
 * failure reproduces). A drop either becomes a vCon, is acknowledged, or is quarantined with a
 * reason; it never throws an unexpected exception, which the runner would treat as transient and
 * retry until the bound: a crash loop on bad input.
 */
class SourceFuzzTest {
  private static final PipelineDeclaration DEFAULT =
      PipelineParser.parse(RepoPaths.resolve("terraform/pipelines/default.json"));
  private static final int MUTANTS_PER_SAMPLE = 30;

  @TempDir Path dir;
  private FileSystemBlobStore store;
  private StageRunner runner;
  private int drops;

  @BeforeAll
  static void quietQuarantineWarnings() {
    // Hundreds of expected quarantines: their log lines would drown the build output.
    Logger.getLogger(StageRunner.class.getName()).setLevel(Level.SEVERE);
  }

  @BeforeEach
  void setUp() {
    store = new FileSystemBlobStore("local", dir.resolve("b"), dir.resolve("m"));
    // Long after every upload: no sidecar is waited for, so every drop reaches a final outcome.
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
    runner =
        new StageRunner(store, "default", DEFAULT, "ingest", new IngestTransformation(), later);
  }

  private static List<Path> samples() throws IOException {
    List<Path> samples = new ArrayList<>();
    for (String folder : List.of("events/sources", "events/conversations")) {
      try (Stream<Path> files = Files.list(RepoPaths.resolve(folder))) {
        files
            .filter(p -> !p.getFileName().toString().equals("README.md"))
            .filter(p -> !p.getFileName().toString().endsWith(".mp3"))
            .sorted()
            .forEach(samples::add);
      }
    }
    return samples;
  }

  private void check(Path sample, byte[] content) {
    check(sample.getFileName().toString(), content);
  }

  private void check(String what, byte[] content) {
    String name = "fuzz-" + (drops++) + ".drop";
    BlobMetadata object = store.putBytes("inbox/default/" + name, content, PutOptions.BINARY);
    ObjectCreated event =
        new ObjectCreated("default", "local", object.key(), object.size(), object.version());
    StageOutcome outcome = runner.handle(event, 1);
    assertThat(outcome)
        .as("%s (%d bytes): %s", what, content.length, preview(content))
        .isNotEqualTo(StageOutcome.RETRY);
  }

  private static String preview(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  @Test
  void truncatedSamples_neverCrashTheStage() throws IOException {
    for (Path sample : samples()) {
      byte[] content = Files.readAllBytes(sample);
      int step = Math.max(1, content.length / 20);
      for (int end = 0; end < content.length; end += step) {
        check(sample, Arrays.copyOf(content, end));
      }
    }
    assertThat(drops).isGreaterThan(250);
  }

  @Test
  void jsonValuesWrong_orRemoved_neverCrashTheStage() throws IOException {
    Random random = new Random(20261126);
    for (Path sample : samples()) {
      if (!sample.toString().endsWith(".json")) {
        continue;
      }
      List<JsonMutants.Mutant> mutants =
          new ArrayList<>(JsonMutants.of(VconJson.codec().read(Files.readAllBytes(sample))));
      // A seeded sample of each document's mutants keeps the run short; every value and every
      // wrong type stays possible, and a failure names its pointer and value.
      Collections.shuffle(mutants, random);
      for (JsonMutants.Mutant mutant :
          mutants.subList(0, Math.min(MUTANTS_PER_SAMPLE, mutants.size()))) {
        check(
            sample.getFileName() + " " + mutant.description(),
            VconJson.codec().write(mutant.document()));
      }
    }
    assertThat(drops).isGreaterThan(200);
  }

  @Test
  void randomlyFlippedBytes_neverCrashTheStage() throws IOException {
    Random random = new Random(20261126);
    for (Path sample : samples()) {
      byte[] content = Files.readAllBytes(sample);
      for (int round = 0; round < 10 && content.length > 0; round++) {
        byte[] mutant = content.clone();
        for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
          mutant[random.nextInt(mutant.length)] = (byte) random.nextInt(256);
        }
        check(sample, mutant);
      }
    }
    assertThat(drops).isGreaterThan(100);
  }
}
