package io.conserver.platform.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.testing.JsonMutants;
import io.conserver.platform.testing.RepoPaths;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A fuzz of the pipeline declaration parser over every shipped declaration: truncated at every
 * offset, and every value replaced by values of the wrong type or content, or removed. The parser
 * either accepts the declaration or throws {@link PipelineDeclarationException} with a message;
 * never another exception (a deployment would then fail with a stack trace instead of a reason).
 */
class PipelineFuzzTest {
  private int parses;

  private static List<Path> declarations() throws IOException {
    try (Stream<Path> files = Files.list(RepoPaths.resolve("terraform/pipelines"))) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().equals("pipeline.schema.json"))
          .sorted()
          .toList();
    }
  }

  private void check(byte[] json, String what) {
    parses++;
    Throwable thrown = catchThrowable(() -> PipelineParser.parse(json, "fuzz.json"));
    if (thrown != null) {
      assertThat(thrown).as(what).isInstanceOf(PipelineDeclarationException.class);
      assertThat(thrown.getMessage()).as(what).isNotBlank();
    }
  }

  @Test
  void truncatedDeclarations_areAcceptedOrRefusedWithAReason() throws IOException {
    for (Path file : declarations()) {
      byte[] content = Files.readAllBytes(file);
      for (int end = 0; end < content.length; end++) {
        check(Arrays.copyOf(content, end), file.getFileName() + " cut at " + end);
      }
    }
    assertThat(parses).isGreaterThan(500);
  }

  @Test
  void everyValueWrong_orRemoved_isAcceptedOrRefusedWithAReason() throws IOException {
    for (Path file : declarations()) {
      JsonNode original = VconJson.codec().read(Files.readAllBytes(file));
      for (JsonMutants.Mutant mutant : JsonMutants.of(original)) {
        check(
            VconJson.codec().write(mutant.document()),
            file.getFileName() + " " + mutant.description());
      }
    }
    assertThat(parses).isGreaterThan(500);
  }
}
