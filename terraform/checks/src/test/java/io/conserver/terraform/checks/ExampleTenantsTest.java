package io.conserver.terraform.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example tenants deploy every stage of the shipped pipeline: each function it names runs from
 * exactly one zip/jar or image, and the Maven module that builds that deployable carries the
 * function (its pom depends on {@code conserver-function-<name>}). A stage left out would fail the
 * plan's precondition; a package that does not carry its function would fail at the first event.
 */
class ExampleTenantsTest {
  private static final Pattern AWS_ZIP =
      Pattern.compile("^\\$\\{local\\.repo}/functions/aws/([a-z-]+)/target/function\\.zip$");

  static List<String> shippedFunctions() {
    List<String> functions = new ArrayList<>();
    Repo.readJson(Repo.terraform().resolve("pipelines/default.json"))
        .get("stages")
        .forEach(s -> functions.add(s.get("function").textValue()));
    return functions;
  }

  static boolean carries(String moduleDir, String function) {
    try {
      String pom = Files.readString(Repo.root().resolve(moduleDir).resolve("pom.xml"));
      return pom.contains("<artifactId>conserver-function-" + function + "</artifactId>");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> map(JsonNode object) {
    Map<String, String> out = new TreeMap<>();
    object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().textValue()));
    return out;
  }

  /** The images the example deploys unless told otherwise (its local default_images). */
  static Map<String, String> defaultImages(Hcl.Module example) {
    assertThat(Hcl.text(example.moduleCall("tenant").get("function_images")))
        .isEqualTo("${coalesce(var.function_images, local.default_images)}");
    return map(example.local("default_images"));
  }

  @Test
  void awsExample_runsEveryShippedStageFromAZipOrAnImage_builtByAModuleThatCarriesIt() {
    Hcl.Module example = Hcl.module("tenants/example-aws");
    assertThat(Hcl.text(example.moduleCall("tenant").get("function_packages")))
        .isEqualTo("${coalesce(var.function_packages, local.default_packages)}");
    Map<String, String> zips = map(example.local("default_packages"));
    Map<String, String> images = defaultImages(example);

    assertThat(shippedFunctions())
        .containsExactly("ingest", "transcribe", "translate", "redact", "analyze", "export");
    for (String function : shippedFunctions()) {
      assertThat(zips.containsKey(function) ^ images.containsKey(function))
          .as("%s runs from exactly one zip or image", function)
          .isTrue();
      if (zips.containsKey(function)) {
        Matcher m = AWS_ZIP.matcher(zips.get(function));
        assertThat(m.matches()).as(zips.get(function)).isTrue();
        assertThat(carries("functions/aws/" + m.group(1), function))
            .as("functions/aws/%s carries %s", m.group(1), function)
            .isTrue();
      } else {
        assertThat(images.get(function)).endsWith("/" + function + ":${var.image_tag}");
        // The image's context is assembled by functions/aws/<function> (DockerfileContractTest).
        assertThat(carries("functions/aws/" + function, function)).isTrue();
      }
    }
  }

  @Test
  void gcpExample_runsEveryShippedStageFromTheJarOrAnImage_builtByAModuleThatCarriesIt() {
    Map<String, String> images = defaultImages(Hcl.module("tenants/example-gcp"));

    for (String function : shippedFunctions()) {
      if (images.containsKey(function)) {
        assertThat(images.get(function)).endsWith("/" + function + ":${var.image_tag}");
        assertThat(carries("functions/gcp-engines", function))
            .as("functions/gcp-engines carries %s", function)
            .isTrue();
      } else {
        assertThat(carries("functions/gcp", function))
            .as("function_jar (functions/gcp) carries %s, or it needs an image", function)
            .isTrue();
      }
    }
  }
}
