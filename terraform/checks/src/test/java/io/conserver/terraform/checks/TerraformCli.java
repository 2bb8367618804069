package io.conserver.terraform.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The terraform binary, run offline. It ships with this machine image and no registry reachable
 * here serves it, so where it is absent the checks that need it are skipped (and say why). The
 * provider-free pipeline module is the part terraform can evaluate without downloading anything: it
 * is applied in a throwaway root (no resources, only outputs) and its outputs read back.
 */
final class TerraformCli {
  private static final Map<List<Path>, JsonNode> EVALUATED = new ConcurrentHashMap<>();

  private TerraformCli() {}

  static Optional<Path> binary() {
    return Processes.onPath("terraform");
  }

  /** Skips the calling test, with the reason, where terraform is not installed. */
  static Path requireBinary() {
    Optional<Path> binary = binary();
    Assumptions.assumeTrue(
        binary.isPresent(),
        "terraform is not on PATH: it ships with the machine image and cannot be installed from"
            + " the package registries reachable here, so this terraform check is skipped");
    return binary.get();
  }

  static Processes.Result run(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(requireBinary().toString());
    command.addAll(List.of(args));
    return Processes.run(command, dir, environment(), 120);
  }

  /** The pipeline module's outputs for these declarations (one tenant listing them all). */
  static JsonNode evaluatePipelines(List<Path> declarations) {
    return EVALUATED.computeIfAbsent(List.copyOf(declarations), TerraformCli::evaluate);
  }

  /** Plans the pipeline module for these declarations: fails when a precondition does. */
  static Processes.Result planPipelines(List<Path> declarations) {
    Path root = throwawayRoot(declarations);
    try {
      init(root);
      return run(root, "plan", "-input=false", "-no-color", "-lock=false");
    } finally {
      delete(root);
    }
  }

  private static JsonNode evaluate(List<Path> declarations) {
    Path root = throwawayRoot(declarations);
    try {
      init(root);
      Processes.Result apply = run(root, "apply", "-auto-approve", "-input=false", "-no-color");
      assertThat(apply.ok())
          .as("terraform apply of the pipeline module\n%s", apply.describe())
          .isTrue();
      Processes.Result output = run(root, "output", "-json", "derived");
      assertThat(output.ok()).as("terraform output\n%s", output.describe()).isTrue();
      return Repo.JSON.readTree(output.stdout());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } finally {
      delete(root);
    }
  }

  private static void init(Path root) {
    Processes.Result init = run(root, "init", "-input=false", "-no-color", "-backend=false");
    assertThat(init.ok()).as("terraform init (local module only)\n%s", init.describe()).isTrue();
  }

  private static Path throwawayRoot(List<Path> declarations) {
    try {
      Path root = Files.createTempDirectory("conserver-tf-");
      List<String> files = new ArrayList<>();
      for (Path declaration : declarations) {
        files.add(Repo.JSON.writeValueAsString(declaration.toAbsolutePath().toString()));
      }
      String source =
          Repo.JSON.writeValueAsString(Repo.terraform().resolve("modules/pipeline").toString());
      Files.writeString(
          root.resolve("main.tf"),
          "module \"pipeline\" {\n"
              + "  source         = "
              + source
              + "\n"
              + "  pipeline_files = ["
              + String.join(", ", files)
              + "]\n"
              + "}\n\n"
              + "output \"derived\" {\n"
              + "  value = module.pipeline\n"
              + "}\n");
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** No update check (there is no network), no interactive input, no user CLI configuration. */
  private static Map<String, String> environment() {
    try {
      Path config = Files.createTempFile("terraformrc", "");
      config.toFile().deleteOnExit();
      return Map.of(
          "CHECKPOINT_DISABLE", "1",
          "TF_IN_AUTOMATION", "1",
          "TF_INPUT", "0",
          "TF_CLI_CONFIG_FILE", config.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
