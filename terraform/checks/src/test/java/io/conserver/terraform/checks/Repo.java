package io.conserver.terraform.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Paths of the repository the checks run in, and the pipeline declarations they check. */
final class Repo {
  static final ObjectMapper JSON = new ObjectMapper();

  private Repo() {}

  /** The repository root: the nearest directory upwards that holds terraform/pipelines. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("terraform/pipelines/pipeline.schema.json"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("not inside the Conserver repository: no terraform/pipelines");
  }

  static Path terraform() {
    return root().resolve("terraform");
  }

  static Path checks() {
    return terraform().resolve("checks");
  }

  /** The declarations the repository ships: terraform/pipelines/*.json but the schema. */
  static List<Path> shippedPipelines() {
    return jsonFiles(terraform().resolve("pipelines"));
  }

  /** Richer declarations that exist for these checks only. */
  static List<Path> testPipelines() {
    return jsonFiles(checks().resolve("src/test/resources/pipelines"));
  }

  static List<Path> invalidPipelines() {
    return jsonFiles(checks().resolve("src/test/resources/invalid-pipelines"));
  }

  static List<Path> allPipelines() {
    List<Path> all = new ArrayList<>(shippedPipelines());
    all.addAll(testPipelines());
    return all;
  }

  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> jsonFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".json"))
          .filter(f -> !f.getFileName().toString().endsWith(".schema.json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
