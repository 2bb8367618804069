package io.conserver.functions.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.langid.LanguageCodes;
import io.conserver.vcon.Analysis;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the texts of a vCon: every {@code transcript} analysis (the contract in HELPERS.md: body
 * {@code {"language", "text", ...}}) and every {@code text} dialog whose body is inline plain text.
 * What cannot be read as text is listed with the reason, for the ledger.
 */
final class SourceTexts {
  private SourceTexts() {}

  /** The texts found and the reasons others were left out ({@code dialog/3: skipped: ...}). */
  record Found(List<SourceText> texts, List<String> skipped) {}

  static Found in(Vcon vcon) {
    List<SourceText> texts = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Analysis> analyses = vcon.analysis();
    for (int i = 0; i < analyses.size(); i++) {
      Analysis analysis = analyses.get(i);
      if (analysis.type().filter("transcript"::equals).isPresent()) {
        transcript(i, analysis, texts, skipped);
      }
    }
    List<Dialog> dialogs = vcon.dialogs();
    for (int i = 0; i < dialogs.size(); i++) {
      Dialog dialog = dialogs.get(i);
      if (dialog.type().filter("text"::equals).isPresent()) {
        textDialog(i, dialog, texts, skipped);
      }
    }
    return new Found(texts, skipped);
  }

  private static void transcript(
      int index, Analysis analysis, List<SourceText> texts, List<String> skipped) {
    String reference = "analysis/" + index;
    Optional<JsonNode> body = analysis.body().map(SourceTexts::jsonBody);
    JsonNode text = body.map(b -> b.path("text")).orElse(null);
    if (text == null || !text.isTextual()) {
      skipped.add(reference + ": skipped: transcript body has no text");
      return;
    }
    if (text.asText().isBlank()) {
      skipped.add(reference + ": skipped: empty transcript");
      return;
    }
    Optional<String> declared =
        body.map(b -> b.path("language"))
            .filter(JsonNode::isTextual)
            .map(language -> LanguageCodes.primary(language.asText()));
    texts.add(
        new SourceText(
            reference,
            analysis.dialogIndexes(),
            source("analysis", index),
            text.asText(),
            declared));
  }

  // A JSON body is the value itself; some producers send it as a string holding the JSON.
  private static JsonNode jsonBody(JsonNode body) {
    if (body.isObject()) {
      return body;
    }
    if (body.isTextual()) {
      try {
        return VconJson.codec().read(body.asText());
      } catch (RuntimeException e) {
        return JsonNodeFactory.instance.objectNode();
      }
    }
    return JsonNodeFactory.instance.objectNode();
  }

  private static void textDialog(
      int index, Dialog dialog, List<SourceText> texts, List<String> skipped) {
    String reference = "dialog/" + index;
    String mediatype = dialog.mediatype().orElse("text/plain").toLowerCase(Locale.ROOT);
    String encoding = dialog.encoding().orElse("none");
    Optional<JsonNode> body = dialog.body();
    if (body.isEmpty()) {
      skipped.add(reference + ": skipped: text by reference (url) is not fetched");
    } else if (!mediatype.equals("text/plain") && !mediatype.startsWith("text/plain;")) {
      skipped.add(reference + ": skipped: mediatype " + mediatype + " is not plain text");
    } else if (!encoding.equals("none") || !body.get().isTextual()) {
      skipped.add(reference + ": skipped: encoding " + encoding + " is not plain text");
    } else if (body.get().asText().isBlank()) {
      skipped.add(reference + ": skipped: empty text");
    } else {
      texts.add(
          new SourceText(
              reference,
              List.of(index),
              source("dialog", index),
              body.get().asText(),
              Optional.empty()));
    }
  }

  private static ObjectNode source(String member, int index) {
    ObjectNode source = JsonNodeFactory.instance.objectNode();
    source.put(member, index);
    return source;
  }
}
