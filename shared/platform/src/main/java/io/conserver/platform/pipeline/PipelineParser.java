package io.conserver.platform.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconParseException;
import io.conserver.vcon.VconPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads pipeline declarations. The checks here mirror {@code pipeline.schema.json} (a test keeps
 * the two in agreement) and add what a schema cannot say: unique stage names, sinks that exist,
 * retention keys that name a stage or a data kind, sink field paths that start at a vCon member.
 * Every problem is reported, not just the first.
 */
public final class PipelineParser {
  /** Data kinds that retention may name besides stages. */
  public static final Set<String> RETENTION_KINDS =
      Set.of("inbox", "media", "quarantine", "ledger", "exports", "receipts", "meter");

  static final Set<String> SOURCE_TYPES =
      Set.of(
          "bucket-drop",
          "http",
          "queue",
          "vcon",
          "amazon-connect-ctr",
          "genesys",
          "twilio",
          "siprec",
          "zoom",
          "teams",
          "chat",
          "email");

  static final Set<String> SINK_TYPES =
      Set.of("postgres", "files", "sheets", "salesforce", "webhook");

  static final Set<String> LAWFUL_BASES =
      Set.of(
          "consent",
          "contract",
          "legal_obligation",
          "vital_interests",
          "public_task",
          "legitimate_interest");

  static final List<String> REVOKED_ACTIONS =
      List.of(PipelineDeclaration.REVOKED_STOP, PipelineDeclaration.REVOKED_ERASE);

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,79}");
  private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
  private static final Set<String> TOP_LEVEL =
      Set.of(
          "$schema",
          "name",
          "description",
          "sources",
          "stages",
          "sinks",
          "retention_days",
          "lawful_basis_default",
          "consent_revoked_action");
  private static final Set<String> STAGE_MEMBERS =
      Set.of(
          "name",
          "function",
          "options",
          "purpose",
          "sends_outside",
          "allow_unredacted_outside",
          "memory_mb",
          "timeout_s",
          "max_receive_count",
          "concurrency");

  private final List<String> problems = new ArrayList<>();

  private PipelineParser() {}

  /** Parses and checks a declaration file. */
  public static PipelineDeclaration parse(Path file) {
    try {
      return parse(Files.readAllBytes(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new PipelineDeclarationException(file.toString(), List.of("(document): no such file"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every {@code *.json} declaration in a folder (the schema file excluded), by name. */
  public static Map<String, PipelineDeclaration> parseAll(Path folder) {
    Map<String, PipelineDeclaration> result = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".json"))
              .filter(f -> !f.getFileName().toString().endsWith(".schema.json"))
              .sorted()
              .toList()) {
        PipelineDeclaration declaration = parse(file);
        String expected = file.getFileName().toString().replaceFirst("\\.json$", "");
        if (!declaration.name().equals(expected)) {
          throw new PipelineDeclarationException(
              file.toString(), List.of("/name: must equal the file name '" + expected + "'"));
        }
        result.put(declaration.name(), declaration);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  public static PipelineDeclaration parse(byte[] json, String source) {
    JsonNode root;
    try {
      root = VconJson.codec().withMaxBytes(1024 * 1024).read(json);
    } catch (VconParseException e) {
      throw new PipelineDeclarationException(source, List.of("(document): " + e.getMessage()));
    }
    PipelineParser parser = new PipelineParser();
    Optional<PipelineDeclaration> declaration = parser.declaration(root);
    if (!parser.problems.isEmpty() || declaration.isEmpty()) {
      throw new PipelineDeclarationException(source, parser.problems);
    }
    return declaration.get();
  }

  private Optional<PipelineDeclaration> declaration(JsonNode root) {
    if (!root.isObject()) {
      problem("(document)", "must be a JSON object");
      return Optional.empty();
    }
    root.fieldNames()
        .forEachRemaining(
            n -> {
              if (!TOP_LEVEL.contains(n)) {
                problem("/" + n, "unknown member");
              }
            });
    String name = name(root, "name", "/name", NAME, true);
    String description = root.path("description").asText("");
    List<SourceDeclaration> sources = sources(root.get("sources"));
    Map<String, SinkDeclaration> sinks = sinks(root.get("sinks"));
    List<StageDeclaration> stages = stages(root.get("stages"), sinks.keySet());
    if (problems.isEmpty()) {
      OutsideBoundRule.standard().check(root.get("stages"), sinks).forEach(problems::add);
    }
    Map<String, Integer> retention = retention(root.get("retention_days"), stages);
    // No default of our own: without a declared basis, a vCon without its own lawful-basis
    // attachment has none, and export stages do not export it (DESIGN: consent and lawful basis).
    String basis = null;
    JsonNode basisNode = root.get("lawful_basis_default");
    if (basisNode != null) {
      if (basisNode.isTextual() && LAWFUL_BASES.contains(basisNode.textValue())) {
        basis = basisNode.textValue();
      } else {
        problem("/lawful_basis_default", "must be one of " + new java.util.TreeSet<>(LAWFUL_BASES));
      }
    }
    String revoked = PipelineDeclaration.REVOKED_STOP;
    JsonNode revokedNode = root.get("consent_revoked_action");
    if (revokedNode != null) {
      if (revokedNode.isTextual() && REVOKED_ACTIONS.contains(revokedNode.textValue())) {
        revoked = revokedNode.textValue();
      } else {
        problem("/consent_revoked_action", "must be one of " + REVOKED_ACTIONS);
      }
    }
    return Optional.of(
        new PipelineDeclaration(
            name, description, sources, stages, sinks, retention, basis, revoked));
  }

  private List<SourceDeclaration> sources(JsonNode node) {
    List<SourceDeclaration> sources = new ArrayList<>();
    if (node == null) {
      return sources;
    }
    if (!node.isArray()) {
      problem("/sources", "must be an array");
      return sources;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String at = "/sources/" + i;
      JsonNode source = node.get(i);
      if (!source.isObject()) {
        problem(at, "must be an object");
        continue;
      }
      String type = source.path("type").asText("");
      if (!SOURCE_TYPES.contains(type)) {
        problem(at + "/type", "must be one of " + new java.util.TreeSet<>(SOURCE_TYPES));
      }
      String name = name(source, "name", at + "/name", NAME, true);
      if (!names.add(name)) {
        problem(at + "/name", "duplicate source name '" + name + "'");
      }
      sources.add(
          new SourceDeclaration(type, name, objectOrEmpty(source.get("options"), at + "/options")));
    }
    return sources;
  }

  private Map<String, SinkDeclaration> sinks(JsonNode node) {
    Map<String, SinkDeclaration> sinks = new LinkedHashMap<>();
    if (node == null) {
      return sinks;
    }
    if (!node.isObject()) {
      problem("/sinks", "must be an object of named sinks");
      return sinks;
    }
    node.properties()
        .forEach(
            entry -> {
              String at = "/sinks/" + entry.getKey();
              if (!NAME.matcher(entry.getKey()).matches()) {
                problem(at, "sink names must match " + NAME.pattern());
              }
              JsonNode sink = entry.getValue();
              String type = sink.path("type").asText("");
              if (!sink.isObject() || !SINK_TYPES.contains(type)) {
                problem(at + "/type", "must be one of " + new java.util.TreeSet<>(SINK_TYPES));
                return;
              }
              checkFields(sink.get("fields"), at + "/fields");
              sinks.put(
                  entry.getKey(), new SinkDeclaration(entry.getKey(), type, (ObjectNode) sink));
            });
    return sinks;
  }

  /** A sink's field mapping: {@code {"<column>": "<vCon path>"}}, paths per {@link VconPath}. */
  private void checkFields(JsonNode fields, String at) {
    if (fields == null) {
      return;
    }
    if (!fields.isObject() || fields.isEmpty()) {
      problem(at, "must be an object of columns to vCon paths");
      return;
    }
    fields
        .properties()
        .forEach(
            field -> {
              String column = at + "/" + field.getKey();
              if (!COLUMN.matcher(field.getKey()).matches()) {
                problem(column, "column names must match " + COLUMN.pattern());
              }
              if (!field.getValue().isTextual()) {
                problem(column, "must be a vCon path such as parties[role=customer].tel");
                return;
              }
              try {
                VconPath.parse(field.getValue().textValue());
              } catch (IllegalArgumentException e) {
                problem(column, e.getMessage());
              }
            });
  }

  private List<StageDeclaration> stages(JsonNode node, Set<String> sinkNames) {
    List<StageDeclaration> stages = new ArrayList<>();
    if (node == null) {
      problem("/stages", "is required");
      return stages;
    }
    if (!node.isArray() || node.isEmpty() || node.size() > 20) {
      problem("/stages", "must be an array of 1 to 20 stages");
      return stages;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String at = "/stages/" + i;
      JsonNode stage = node.get(i);
      if (!stage.isObject()) {
        problem(at, "must be an object");
        continue;
      }
      stage
          .fieldNames()
          .forEachRemaining(
              n -> {
                if (!STAGE_MEMBERS.contains(n)) {
                  problem(at + "/" + n, "unknown member");
                }
              });
      String name = name(stage, "name", at + "/name", STAGE_NAME, true);
      if (!name.isEmpty() && !names.add(name)) {
        problem(at + "/name", "duplicate stage name '" + name + "'");
      }
      if (RETENTION_KINDS.contains(name)) {
        problem(at + "/name", "'" + name + "' is reserved for a data kind");
      }
      String function = name(stage, "function", at + "/function", STAGE_NAME, true);
      ObjectNode options = objectOrEmpty(stage.get("options"), at + "/options");
      checkSinkReferences(options, sinkNames, at + "/options/sinks");
      JobGiveUp.problem(options.get(JobGiveUp.OPTION))
          .ifPresent(problem -> problem(at + "/options/" + JobGiveUp.OPTION, problem));
      Optional<String> purpose = Optional.ofNullable(stage.get("purpose")).map(JsonNode::asText);
      stages.add(
          new StageDeclaration(
              name,
              function,
              options,
              purpose,
              bool(stage, "sends_outside", at),
              bool(stage, "allow_unredacted_outside", at),
              integer(stage, "memory_mb", at, 128, 10240, StageDeclaration.DEFAULT_MEMORY_MB),
              integer(stage, "timeout_s", at, 1, 900, StageDeclaration.DEFAULT_TIMEOUT_S),
              integer(
                  stage,
                  "max_receive_count",
                  at,
                  1,
                  100,
                  StageDeclaration.DEFAULT_MAX_RECEIVE_COUNT),
              integer(stage, "concurrency", at, 1, 1000, StageDeclaration.DEFAULT_CONCURRENCY)));
    }
    return stages;
  }

  private void checkSinkReferences(ObjectNode options, Set<String> sinkNames, String at) {
    JsonNode sinks = options.get("sinks");
    if (sinks == null) {
      return;
    }
    if (!sinks.isArray()) {
      problem(at, "must be an array of sink names");
      return;
    }
    for (int i = 0; i < sinks.size(); i++) {
      if (!sinkNames.contains(sinks.get(i).asText())) {
        problem(at + "/" + i, "no sink named '" + sinks.get(i).asText() + "' in /sinks");
      }
    }
  }

  private Map<String, Integer> retention(JsonNode node, List<StageDeclaration> stages) {
    Map<String, Integer> retention = new LinkedHashMap<>();
    if (node == null) {
      return retention;
    }
    if (!node.isObject()) {
      problem("/retention_days", "must be an object of whole days per stage or data kind");
      return retention;
    }
    Set<String> stageNames = new HashSet<>();
    stages.forEach(s -> stageNames.add(s.name()));
    node.properties()
        .forEach(
            entry -> {
              String at = "/retention_days/" + entry.getKey();
              if (!stageNames.contains(entry.getKey())
                  && !RETENTION_KINDS.contains(entry.getKey())) {
                problem(
                    at,
                    "names neither a stage of this pipeline nor a data kind "
                        + new java.util.TreeSet<>(RETENTION_KINDS));
              }
              JsonNode days = entry.getValue();
              if (!days.isIntegralNumber() || days.asLong() < 1 || days.asLong() > 36500) {
                problem(at, "must be a whole number of days from 1 to 36500");
              } else {
                retention.put(entry.getKey(), days.intValue());
              }
            });
    return retention;
  }

  private String name(
      JsonNode object, String member, String at, Pattern pattern, boolean required) {
    JsonNode value = object.get(member);
    if (value == null) {
      if (required) {
        problem(at, "is required");
      }
      return "";
    }
    if (!value.isTextual() || !pattern.matcher(value.textValue()).matches()) {
      problem(at, "must match " + pattern.pattern());
      return "";
    }
    return value.textValue();
  }

  private boolean bool(JsonNode stage, String member, String at) {
    JsonNode value = stage.get(member);
    if (value == null) {
      return false;
    }
    if (!value.isBoolean()) {
      problem(at + "/" + member, "must be true or false");
      return false;
    }
    return value.booleanValue();
  }

  private int integer(JsonNode stage, String member, String at, int min, int max, int fallback) {
    JsonNode value = stage.get(member);
    if (value == null) {
      return fallback;
    }
    if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
      problem(at + "/" + member, "must be a whole number from " + min + " to " + max);
      return fallback;
    }
    return value.intValue();
  }

  private ObjectNode objectOrEmpty(JsonNode value, String at) {
    if (value == null) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!value.isObject()) {
      problem(at, "must be an object");
      return JsonNodeFactory.instance.objectNode();
    }
    return (ObjectNode) value;
  }

  private void problem(String pointer, String message) {
    problems.add(pointer + ": " + message);
  }
}
