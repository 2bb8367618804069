package io.conserver.functions.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The analyze stage's options. A mistake in them (an unknown name, a wrong type) is a declaration
 * error naming the option: the vCon is quarantined with that message, never analysed half-way.
 */
record AnalyzeOptions(
    boolean objections,
    boolean sentiment,
    boolean metrics,
    JsonNode customerParties,
    Map<String, List<String>> keywords,
    ObjectNode llm,
    JsonNode prompts) {
  private static final Set<String> KNOWN =
      Set.of(
          "objections",
          "sentiment",
          "metrics",
          "customer_parties",
          "keywords",
          "llm",
          "prompts",
          "allow_third_party");

  static AnalyzeOptions of(ObjectNode options) throws InvalidInputException {
    List<String> problems = new ArrayList<>();
    options
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!KNOWN.contains(name)) {
                problems.add(
                    "options/"
                        + name
                        + ": unknown option; known: "
                        + new java.util.TreeSet<>(KNOWN));
              }
            });
    boolean objections = flag(options, "objections", problems);
    boolean sentiment = flag(options, "sentiment", problems);
    boolean metrics = flag(options, "metrics", problems);
    JsonNode customers = options.path("customer_parties");
    if (!customers.isMissingNode()) {
      boolean ok = customers.isArray();
      for (JsonNode index : customers) {
        ok &= index.isInt() && index.asInt() >= 0;
      }
      if (!ok) {
        problems.add("options/customer_parties: must be an array of party indexes");
      }
    }
    Map<String, List<String>> keywords = new LinkedHashMap<>();
    JsonNode declared = options.path("keywords");
    if (!declared.isMissingNode()) {
      if (!declared.isObject()) {
        problems.add("options/keywords: must map each tag to an array of phrases");
      } else {
        declared
            .properties()
            .forEach(
                entry -> {
                  List<String> phrases = new ArrayList<>();
                  entry.getValue().forEach(p -> phrases.add(p.asText("")));
                  if (!entry.getValue().isArray()
                      || phrases.isEmpty()
                      || phrases.stream().anyMatch(String::isBlank)) {
                    problems.add(
                        "options/keywords/" + entry.getKey() + ": must be an array of phrases");
                  }
                  keywords.put(entry.getKey(), phrases);
                });
      }
    }
    JsonNode llm = options.path("llm");
    if (!llm.isMissingNode() && !llm.isObject()) {
      problems.add("options/llm: must be an object");
    }
    JsonNode prompts = options.path("prompts");
    if (!prompts.isMissingNode() && !prompts.isArray()) {
      problems.add("options/prompts: must be an array");
    }
    if (prompts.isArray() && !prompts.isEmpty() && !llm.isObject()) {
      problems.add("options/prompts: needs options/llm (the model to ask)");
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException("analyze options are invalid: " + problems.get(0), problems);
    }
    return new AnalyzeOptions(
        objections,
        sentiment,
        metrics,
        customers,
        keywords,
        llm.isObject() ? (ObjectNode) llm : null,
        prompts);
  }

  boolean usesLlm() {
    return llm != null && prompts.isArray() && !prompts.isEmpty();
  }

  // Each offline analysis is on unless switched off.
  private static boolean flag(ObjectNode options, String name, List<String> problems) {
    JsonNode value = options.get(name);
    if (value == null) {
      return true;
    }
    if (!value.isBoolean()) {
      problems.add("options/" + name + ": must be true or false");
      return true;
    }
    return value.asBoolean();
  }
}
