package io.conserver.bench;

import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageOutcome;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.FileSystemBlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.Vcon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the stage runner itself costs per vCon per stage, with a transformation that does no work
 * (pass-through): head, streamed input hash, bounded read, conditional output write, ledger append,
 * meter record, on the local filesystem store. Target: ≤ 50 ms warm. Each operation handles a fresh
 * vCon (a new uuid), so nothing is served from the duplicate short-cut.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StageRunnerBenchmark {
  private static final PipelineDeclaration PIPELINE =
      PipelineParser.parse(
          "{\"name\":\"bench\",\"stages\":[{\"name\":\"ingest\",\"function\":\"pass\"}]}"
              .getBytes(StandardCharsets.UTF_8),
          "bench");

  private Path dir;
  private FileSystemBlobStore store;
  private StageRunner runner;
  private byte[] template;
  private long counter;

  @Setup(Level.Trial)
  public void prepare() throws IOException {
    dir = Files.createTempDirectory("conserver-bench");
    store = new FileSystemBlobStore("bench", dir.resolve("bucket"), dir.resolve("meta"));
    Transformation pass =
        new Transformation() {
          @Override
          public String function() {
            return "pass";
          }

          @Override
          public StageResult apply(StageInput input) throws Exception {
            return StageResult.of(input.vcon());
          }
        };
    runner = new StageRunner(store, "bench", PIPELINE, "ingest", pass, Clock.systemUTC());
    template = SampleVcons.conversation(5, 20, 10);
  }

  @Benchmark
  public StageOutcome handleOneFreshVcon() {
    String uuid = new UUID(0x019f15a6a752826fL, 0x8000000000000000L | counter++).toString();
    byte[] vcon = Vcon.parse(template).toBuilder().set("uuid", uuid).build().toBytes();
    BlobMetadata drop = store.putBytes("inbox/bench/" + uuid + ".json", vcon, PutOptions.JSON);
    return runner.handle(
        new ObjectCreated("bench", "bench", drop.key(), drop.size(), drop.version()), 1);
  }

  @TearDown(Level.Trial)
  public void cleanUp() throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
