package io.conserver.functions.analyze;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.analyze.conversation.Conversation;
import io.conserver.functions.analyze.conversation.ConversationReader;
import io.conserver.functions.analyze.llm.PromptAnalyses;
import io.conserver.functions.analyze.metrics.MetricsBody;
import io.conserver.functions.analyze.objections.ObjectionDetector;
import io.conserver.functions.analyze.objections.ObjectionFinder;
import io.conserver.functions.analyze.sentiment.SpeakerSentiment;
import io.conserver.functions.analyze.tags.KeywordTagger;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.runner.Usage;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.vcon.Attachment;
import io.conserver.vcon.Vcon;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The analyze stage: reads the conversation (transcript analyses and text dialogs) and appends
 * {@code objections}, {@code sentiment} and {@code conversation-metrics} analyses, a {@code tags}
 * attachment for declared keywords, and one {@code llm-prompt} analysis per declared prompt when a
 * model is declared. Everything but the prompts runs offline, in the function.
 */
public final class AnalyzeTransformation implements Transformation {
  private final Supplier<ObjectionDetector> detector;
  private final PromptAnalyses prompts;

  public AnalyzeTransformation() {
    this(ObjectionDetector::offline, new PromptAnalyses(SecretRefs.system()));
  }

  AnalyzeTransformation(Supplier<ObjectionDetector> detector, PromptAnalyses prompts) {
    this.detector = detector;
    this.prompts = prompts;
  }

  @Override
  public String function() {
    return "analyze";
  }

  @Override
  public StageResult apply(StageInput input) throws Exception {
    AnalyzeOptions options = AnalyzeOptions.of(input.options());
    Vcon vcon = input.vcon();
    Conversation conversation = ConversationReader.read(vcon, options.customerParties());
    List<Integer> dialogs =
        new ArrayList<>(
            new TreeSet<>(conversation.utterances().stream().map(u -> u.dialog()).toList()));
    Vcon.Builder out = vcon.toBuilder();
    List<String> warnings = new ArrayList<>();
    if (conversation.utterances().isEmpty()) {
      warnings.add("analyze:no-text: no transcript analysis and no text dialog to analyse");
    }
    if (options.objections()) {
      if (conversation.customers().isEmpty()) {
        warnings.add("analyze:no-customer: no party has a customer role; objections not judged");
      }
      ObjectNode body = new ObjectionFinder(detector.get()).body(conversation);
      out.addAnalysis(AnalysisEntries.entry(AnalysisEntries.OBJECTIONS, dialogs, body));
    }
    if (options.sentiment()) {
      out.addAnalysis(
          AnalysisEntries.entry(
              AnalysisEntries.SENTIMENT, dialogs, SpeakerSentiment.body(conversation)));
    }
    if (options.metrics() && !conversation.timedDialogs().isEmpty()) {
      out.addAnalysis(
          AnalysisEntries.entry(
              AnalysisEntries.METRICS,
              new ArrayList<>(conversation.timedDialogs().keySet()),
              MetricsBody.of(conversation)));
    }
    if (!options.keywords().isEmpty()) {
      Map<String, String> tags =
          new KeywordTagger(options.keywords()).tags(conversation.utterances());
      if (!tags.isEmpty()) {
        tagsAttachment(vcon, tags, input.clock(), warnings).ifPresent(out::addAttachment);
      }
    }
    if (options.usesLlm()) {
      PromptAnalyses.Outcome outcome =
          prompts.run(input.stage(), options.llm(), options.prompts(), vcon, conversation);
      outcome.analyses().forEach(out::addAnalysis);
      warnings.addAll(outcome.transfers());
    }
    return StageResult.of(out.build(), warnings, Usage.NONE);
  }

  private static java.util.Optional<Attachment> tagsAttachment(
      Vcon vcon, Map<String, String> tags, java.time.Clock clock, List<String> warnings) {
    if (vcon.dialogs().isEmpty() || vcon.parties().isEmpty()) {
      warnings.add("analyze:tags-skipped: an attachment needs a dialog and a party to refer to");
      return java.util.Optional.empty();
    }
    OffsetDateTime start =
        vcon.dialogs()
            .get(0)
            .start()
            .or(vcon::createdAt)
            .orElseGet(() -> OffsetDateTime.now(clock));
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    tags.forEach(body::put);
    return java.util.Optional.of(
        Attachment.builder("tags")
            .start(start)
            .party(0)
            .dialog(0)
            .mediatype("application/json")
            .inlineJson(body)
            .build());
  }
}
