package io.conserver.functions.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.Analysis;
import java.util.List;

/**
 * How this stage writes its results: one {@code analysis} entry per kind, {@code vendor}
 * "conserver", {@code product} "conserver-analyze", a versioned {@code schema} id whose JSON Schema
 * is under docs/schemas/, and a JSON body.
 */
public final class AnalysisEntries {
  public static final String VENDOR = "conserver";
  public static final String PRODUCT = "conserver-analyze";

  public static final String OBJECTIONS = "objections";
  public static final String SENTIMENT = "sentiment";
  public static final String METRICS = "conversation-metrics";
  public static final String LLM = "llm-prompt";

  private AnalysisEntries() {}

  /** The schema id of a type: {@code conserver-objections/1}. */
  public static String schema(String type) {
    return "conserver-" + type + "/1";
  }

  static Analysis entry(String type, List<Integer> dialogs, JsonNode body) {
    Analysis.Builder builder = Analysis.builder(type, VENDOR).product(PRODUCT).schema(schema(type));
    if (!dialogs.isEmpty()) {
      builder.dialogs(dialogs);
    }
    return builder.mediatype("application/json").inlineJson(body).build();
  }
}
