package io.conserver.terraform.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Every .tf file of terraform/ as JSON, converted by npm {@code @cdktf/hcl2json} (through {@code
 * hcl2json.mjs} in this module, with the node_modules that {@code npm ci} installs here). Values
 * stay expressions: {@code for_each = local.stages} reads {@code "${local.stages}"}, so the tests
 * assert the wiring (what iterates what, what references what), not evaluated values.
 */
final class Hcl {
  private static JsonNode tree;

  private Hcl() {}

  /** All files, keyed by their path under terraform/ ("modules/aws-tenant/main.tf"). */
  static synchronized JsonNode files() {
    if (tree == null) {
      tree = convert();
    }
    return tree;
  }

  private static JsonNode convert() {
    Optional<Path> node = Processes.onPath("node");
    Path library = Repo.checks().resolve("node_modules/@cdktf/hcl2json/package.json");
    String missing =
        node.isEmpty()
            ? "node is not on PATH"
            : !Files.isRegularFile(library)
                ? "@cdktf/hcl2json is not installed in terraform/checks (run `npm ci` there)"
                : null;
    if (missing != null) {
      if (Processes.onCi()) {
        fail(missing + ": .ci/run installs it before the build");
      }
      Assumptions.abort(missing + ", so the HCL wiring checks are skipped");
    }
    Processes.Result result =
        Processes.run(
            List.of(
                node.get().toString(),
                Repo.checks().resolve("hcl2json.mjs").toString(),
                Repo.terraform().toString()),
            Repo.checks(),
            Map.of(),
            120);
    assertThat(result.ok()).as("hcl2json\n%s", result.describe()).isTrue();
    try {
      return Repo.JSON.readTree(result.stdout());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The files of one folder under terraform/, merged as Terraform merges them. */
  static Module module(String folder) {
    Map<String, JsonNode> files = new LinkedHashMap<>();
    files()
        .fields()
        .forEachRemaining(
            e -> {
              String path = e.getKey();
              if (path.startsWith(folder + "/") && path.indexOf('/', folder.length() + 1) < 0) {
                files.put(path.substring(folder.length() + 1), e.getValue());
              }
            });
    assertThat(files).as("no .tf files in terraform/%s", folder).isNotEmpty();
    return new Module(folder, files);
  }

  /** A block: its kind ("resource"), type ("aws_sqs_queue", null for locals) and name. */
  record Block(String kind, String type, String name, JsonNode body) {
    String address() {
      return (kind.equals("resource") ? "" : kind + ".") + (type == null ? "" : type + ".") + name;
    }
  }

  /** One module: its files, and its blocks by kind. */
  record Module(String folder, Map<String, JsonNode> files) {
    List<Block> blocks(String kind) {
      List<Block> blocks = new ArrayList<>();
      files
          .values()
          .forEach(
              file -> {
                JsonNode byType = file.get(kind);
                if (byType == null) {
                  return;
                }
                if (kind.equals("resource") || kind.equals("data")) {
                  byType
                      .fields()
                      .forEachRemaining(
                          t ->
                              t.getValue()
                                  .fields()
                                  .forEachRemaining(
                                      n ->
                                          blocks.add(
                                              new Block(
                                                  kind,
                                                  t.getKey(),
                                                  n.getKey(),
                                                  first(n.getValue())))));
                } else if (kind.equals("locals")) {
                  byType.forEach(
                      group ->
                          group
                              .fields()
                              .forEachRemaining(
                                  l ->
                                      blocks.add(new Block(kind, null, l.getKey(), l.getValue()))));
                } else {
                  byType
                      .fields()
                      .forEachRemaining(
                          n -> blocks.add(new Block(kind, null, n.getKey(), first(n.getValue()))));
                }
              });
      return blocks;
    }

    List<Block> resources() {
      return blocks("resource");
    }

    List<Block> resources(String type) {
      return resources().stream().filter(b -> b.type().equals(type)).toList();
    }

    JsonNode resource(String type, String name) {
      return find("resource", type, name);
    }

    JsonNode data(String type, String name) {
      return find("data", type, name);
    }

    List<Block> data(String type) {
      return blocks("data").stream().filter(b -> b.type().equals(type)).toList();
    }

    JsonNode local(String name) {
      return find("locals", null, name);
    }

    JsonNode variable(String name) {
      return find("variable", null, name);
    }

    JsonNode moduleCall(String name) {
      return find("module", null, name);
    }

    /** The text of one file (for comments-free checks use the JSON instead). */
    String text(String file) {
      return Repo.read(Repo.terraform().resolve(folder).resolve(file));
    }

    private JsonNode find(String kind, String type, String name) {
      return blocks(kind).stream()
          .filter(b -> b.name().equals(name) && (type == null || type.equals(b.type())))
          .findFirst()
          .map(Block::body)
          .orElseThrow(
              () ->
                  new AssertionError(
                      folder + " has no " + kind + " " + (type == null ? "" : type + ".") + name));
    }
  }

  /** A block appears as a one-element array in hcl2json's output. */
  static JsonNode first(JsonNode node) {
    return node.isArray() && node.size() > 0 ? node.get(0) : node;
  }

  /** The nested blocks of that name, static and dynamic ones' content alike. */
  static List<JsonNode> nested(JsonNode body, String name) {
    List<JsonNode> found = new ArrayList<>();
    JsonNode direct = body.get(name);
    if (direct != null) {
      if (direct.isArray()) {
        direct.forEach(found::add);
      } else {
        found.add(direct);
      }
    }
    JsonNode dynamic = body.path("dynamic").path(name);
    dynamic.forEach(d -> d.path("content").forEach(found::add));
    return found;
  }

  /** The dynamic blocks of that name (with their for_each). */
  static List<JsonNode> dynamic(JsonNode body, String name) {
    List<JsonNode> found = new ArrayList<>();
    body.path("dynamic").path(name).forEach(found::add);
    return found;
  }

  /** Every string in a JSON value, at any depth (keys not included). */
  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node == null) {
      return;
    }
    if (node.isTextual()) {
      out.add(node.textValue());
    } else if (node.isContainerNode()) {
      Iterator<JsonNode> children = node.elements();
      while (children.hasNext()) {
        collect(children.next(), out);
      }
    }
  }

  /** A value as text ("${local.stages}" for an expression, the literal otherwise). */
  static String text(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    return node.isTextual() ? node.textValue() : node.toString();
  }
}
