package io.conserver.functions.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.engine.Translator;
import io.conserver.vcon.Analysis;
import io.conserver.vcon.Vcon;
import java.util.List;

/**
 * The {@code translation} analysis entry (schema {@code conserver-translation/1}, HELPERS.md):
 * {@code "dialog"} as its source's, body {@code {"source_language", "target_language", "text",
 * "source": {"analysis": i} | {"dialog": i}}}.
 */
final class TranslationEntries {
  static final String TYPE = "translation";
  static final String SCHEMA = "conserver-translation/1";

  private TranslationEntries() {}

  static Analysis entry(
      SourceText source, String from, String to, String translated, Translator engine) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("source_language", from);
    body.put("target_language", to);
    body.put("text", translated);
    body.set("source", source.source().deepCopy());
    Analysis.Builder entry = Analysis.builder(TYPE, engine.vendor());
    List<Integer> dialogs = source.dialogs();
    if (dialogs.size() == 1) {
      entry.dialog(dialogs.get(0));
    } else if (!dialogs.isEmpty()) {
      entry.dialogs(dialogs);
    }
    return entry
        .product(engine.product())
        .schema(SCHEMA)
        .mediatype("application/json")
        .inlineJson(body)
        .build();
  }

  /** Whether the vCon already has this source translated into {@code to} by the same engine. */
  static boolean exists(Vcon vcon, SourceText source, String to, Translator engine) {
    for (Analysis analysis : vcon.analysis()) {
      if (analysis.type().filter(TYPE::equals).isEmpty()
          || analysis.vendor().filter(engine.vendor()::equals).isEmpty()
          || analysis.product().filter(engine.product()::equals).isEmpty()) {
        continue;
      }
      JsonNode body = analysis.body().orElse(JsonNodeFactory.instance.objectNode());
      if (sameSource(source.source(), body.path("source"))
          && to.equals(body.path("target_language").asText())) {
        return true;
      }
    }
    return false;
  }

  // Compared by value: the codec keeps number literals as written, so node classes may differ.
  private static boolean sameSource(ObjectNode wanted, JsonNode found) {
    if (!found.isObject() || found.size() != wanted.size()) {
      return false;
    }
    var names = wanted.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      JsonNode value = found.path(name);
      if (!value.isNumber() || value.asInt() != wanted.get(name).asInt()) {
        return false;
      }
    }
    return true;
  }
}
