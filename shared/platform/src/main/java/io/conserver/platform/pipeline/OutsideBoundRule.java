package io.conserver.platform.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The redaction rule: a stage that sends data to a service outside the tenant's trust boundary runs
 * after a redact stage, unless its declaration opts in with {@code "allow_unredacted_outside":
 * true}. What counts as outside-bound is data ({@code outside-bound.json} beside this class): stage
 * flags, option flags, third-party engine names per option, sink types, and functions that send out
 * unless an option names the tenant's own account.
 */
public final class OutsideBoundRule {
  private static final OutsideBoundRule DEFAULT = load();

  private final Set<String> redactingFunctions;
  private final Set<String> stageFlags;
  private final Set<String> optionFlags;
  private final JsonNode thirdPartyValues;
  private final Set<String> outsideSinkTypes;
  private final JsonNode outsideUnlessOption;

  private OutsideBoundRule(JsonNode rules) {
    this.redactingFunctions = strings(rules.path("redacting_functions"));
    this.stageFlags = strings(rules.path("stage_flags"));
    this.optionFlags = strings(rules.path("option_flags"));
    this.thirdPartyValues = rules.path("third_party_option_values");
    this.outsideSinkTypes = strings(rules.path("outside_sink_types"));
    this.outsideUnlessOption = rules.path("outside_unless_option");
  }

  public static OutsideBoundRule standard() {
    return DEFAULT;
  }

  private static OutsideBoundRule load() {
    try (InputStream in = OutsideBoundRule.class.getResourceAsStream("outside-bound.json")) {
      if (in == null) {
        throw new IllegalStateException("outside-bound.json is missing from the classpath");
      }
      return new OutsideBoundRule(VconJson.codec().read(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Why a stage sends data outside ({@code "sink 'zap' (webhook)"}), or empty when it does not.
   *
   * @param stage the stage's declaration as written
   */
  public Optional<String> outsideBecause(JsonNode stage, Map<String, SinkDeclaration> sinks) {
    for (String flag : stageFlags) {
      if (stage.path(flag).asBoolean(false)) {
        return Optional.of("\"" + flag + "\": true");
      }
    }
    JsonNode options = stage.path("options");
    JsonNode unless = outsideUnlessOption.path(stage.path("function").asText());
    if (unless.isObject()) {
      String option = unless.path("option").asText();
      String inside = unless.path("inside").asText();
      if (!inside.equals(options.path(option).asText())) {
        return Optional.of(
            "function "
                + stage.path("function").asText()
                + " without option \""
                + option
                + "\": \""
                + inside
                + "\" (a destination outside the tenant's account)");
      }
    }
    for (String flag : optionFlags) {
      if (options.path(flag).asBoolean(false)) {
        return Optional.of("option \"" + flag + "\": true");
      }
    }
    var names = thirdPartyValues.fieldNames();
    while (names.hasNext()) {
      String option = names.next();
      Set<String> services = strings(thirdPartyValues.path(option));
      for (String value : values(options.path(option))) {
        if (services.contains(value)) {
          return Optional.of(
              "option \"" + option + "\": \"" + value + "\" (a third-party service)");
        }
      }
    }
    for (String sink : values(options.path("sinks"))) {
      SinkDeclaration declared = sinks.get(sink);
      if (declared != null && outsideSinkTypes.contains(declared.type())) {
        return Optional.of("sink '" + sink + "' (" + declared.type() + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * Every violation, as {@code <json-pointer>: <message>}.
   *
   * @param stages the stages as written, in order
   */
  public List<String> check(JsonNode stages, Map<String, SinkDeclaration> sinks) {
    List<String> problems = new ArrayList<>();
    boolean redacted = false;
    for (int i = 0; i < stages.size(); i++) {
      JsonNode stage = stages.get(i);
      if (redactingFunctions.contains(stage.path("function").asText())) {
        redacted = true;
        continue;
      }
      Optional<String> because = outsideBecause(stage, sinks);
      if (because.isPresent() && !redacted && !stage.path("allow_unredacted_outside").asBoolean()) {
        problems.add(
            "/stages/"
                + i
                + ": stage '"
                + stage.path("name").asText()
                + "' sends data outside the tenant ("
                + because.get()
                + ") but no redact stage runs before it: add one earlier in the pipeline, or opt"
                + " in with \"allow_unredacted_outside\": true on this stage");
      }
    }
    return problems;
  }

  private static List<String> values(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.textValue());
    } else if (node.isArray()) {
      node.forEach(v -> values.add(v.asText()));
    }
    return values;
  }

  private static Set<String> strings(JsonNode node) {
    Set<String> set = new HashSet<>();
    node.forEach(v -> set.add(v.asText()));
    return Set.copyOf(set);
  }
}
