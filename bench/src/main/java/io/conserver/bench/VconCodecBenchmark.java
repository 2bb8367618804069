package io.conserver.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.validation.ValidationMode;
import io.conserver.vcon.validation.ValidationReport;
import io.conserver.vcon.validation.VconValidator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + strict validation of a 5-party, 20-dialog, 10-analysis vCon (target: 20,000/s on the
 * 2-core reference machine), with parse alone beside it to show what validation costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VconCodecBenchmark {
  private byte[] document;

  @Setup
  public void prepare() {
    document = SampleVcons.conversation(5, 20, 10);
    ValidationReport report =
        VconValidator.validate(VconJson.codec().read(document), ValidationMode.STRICT);
    if (!report.isValid()) {
      throw new IllegalStateException("benchmark vCon must be valid: " + report.errors());
    }
  }

  @Benchmark
  public JsonNode parse() {
    return VconJson.codec().read(document);
  }

  @Benchmark
  public ValidationReport parseAndValidate() {
    return VconValidator.validate(VconJson.codec().read(document), ValidationMode.STRICT);
  }

  @Benchmark
  public byte[] parseAndWrite() {
    return VconJson.codec().write(VconJson.codec().read(document));
  }
}
