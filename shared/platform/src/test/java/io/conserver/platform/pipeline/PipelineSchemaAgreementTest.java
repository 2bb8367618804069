package io.conserver.platform.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.conserver.platform.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * pipeline.schema.json is what Terraform checks and editors use; the parser is what runs. They must
 * agree: every shipped pipeline passes both, every invalid sample fails both.
 */
class PipelineSchemaAgreementTest {
  private static final Schema SCHEMA = loadSchema();

  private static Schema loadSchema() {
    try {
      String schema =
          Files.readString(RepoPaths.resolve("terraform/pipelines/pipeline.schema.json"));
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(schema, InputFormat.JSON);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The live pipelines and the examples (terraform/pipelines/examples/, not deployed). */
  static List<Path> shipped() throws IOException {
    try (Stream<Path> files = Files.walk(RepoPaths.resolve("terraform/pipelines"), 2)) {
      return files
          .filter(f -> f.toString().endsWith(".json") && !f.toString().endsWith(".schema.json"))
          .toList();
    }
  }

  static List<Path> invalid() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/pipelines/invalid"))) {
      return files.sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("shipped")
  void shippedPipeline_passesSchemaAndParser(Path file) throws IOException {
    assertThat(SCHEMA.validate(Files.readString(file), InputFormat.JSON)).isEmpty();
    assertThat(PipelineParser.parse(file).name()).isNotBlank();
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidSample_failsSchemaAndParser(Path file) throws IOException {
    assertThat(SCHEMA.validate(Files.readString(file), InputFormat.JSON)).isNotEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PipelineParser.parse(file))
        .isInstanceOf(PipelineDeclarationException.class);
  }
}
