package io.conserver.functions.analyze.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.analyze.conversation.Conversation;
import io.conserver.functions.analyze.conversation.Utterance;
import io.conserver.platform.outside.ThirdPartyNotAllowedException;
import io.conserver.platform.outside.ThirdPartyPolicy;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.vendor.VendorHttp;
import io.conserver.vcon.Analysis;
import io.conserver.vcon.Vcon;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Runs the declared prompts against the declared model: the conversation goes out as numbered lines
 * ({@code [party 0, customer] text}: no names or identifiers beyond what the text itself holds),
 * the answer must be JSON that the prompt's schema accepts; an answer that does not is asked for
 * once more with the validation errors, then the vCon is quarantined with a clear reason. A
 * third-party model is used only under {@link ThirdPartyPolicy} (the stage's {@code
 * allow_third_party} and, for a vCon that is not redacted, {@code allow_unredacted_outside}), and
 * every call is recorded for the ledger.
 */
public final class PromptAnalyses {
  public static final String SCHEMA = "conserver-llm-prompt/1";

  private final SecretRefs secrets;

  public PromptAnalyses(SecretRefs secrets) {
    this.secrets = secrets;
  }

  /** What the prompts produced, and one ledger note per call. */
  public record Outcome(List<Analysis> analyses, List<String> transfers) {}

  public Outcome run(
      StageDeclaration stage,
      ObjectNode llm,
      JsonNode prompts,
      Vcon vcon,
      Conversation conversation)
      throws Exception {
    LlmSettings settings = LlmSettings.of(llm);
    List<PromptDeclaration> declared = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      declared.add(PromptDeclaration.of(prompts.get(i), i));
    }
    LanguageModel model = LanguageModels.create(settings, secrets);
    try {
      ThirdPartyPolicy.check(
          stage, model.boundary(), model.provider(), vcon.redacted().isPresent());
    } catch (ThirdPartyNotAllowedException e) {
      throw new InvalidInputException(e.getMessage());
    }
    String text = transcript(conversation);
    List<Integer> dialogs =
        new ArrayList<>(
            new TreeSet<>(conversation.utterances().stream().map(Utterance::dialog).toList()));
    List<Analysis> analyses = new ArrayList<>();
    List<String> transfers = new ArrayList<>();
    for (PromptDeclaration prompt : declared) {
      JsonNode result = ask(model, settings, prompt, text, transfers);
      ObjectNode body = VendorHttp.json().createObjectNode();
      body.put("prompt", prompt.name());
      body.put("provider", model.provider());
      body.put("model", settings.model());
      body.set("result", result);
      Analysis.Builder entry =
          Analysis.builder(prompt.name(), model.provider())
              .product(settings.model())
              .schema(SCHEMA);
      if (!dialogs.isEmpty()) {
        entry.dialogs(dialogs);
      }
      analyses.add(entry.mediatype("application/json").inlineJson(body).build());
    }
    return new Outcome(analyses, transfers);
  }

  private static JsonNode ask(
      LanguageModel model,
      LlmSettings settings,
      PromptDeclaration prompt,
      String text,
      List<String> transfers)
      throws Exception {
    String instructions = prompt.instructions();
    List<String> problems = List.of();
    for (int attempt = 1; attempt <= 2; attempt++) {
      LlmRequest request =
          new LlmRequest(prompt.name(), instructions, text, prompt.schema(), settings.maxTokens());
      LlmReply reply = call(model, request);
      transfers.add(record(model, prompt, text.length() + instructions.length()));
      JsonNode parsed = parse(reply.json());
      problems = parsed == null ? List.of("the answer is not JSON") : prompt.problems(reply.json());
      if (problems.isEmpty()) {
        return parsed;
      }
      instructions =
          prompt.instructions()
              + "\n\nYour previous answer did not match the required JSON Schema ("
              + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
              + "). Answer again with JSON that matches it exactly.";
    }
    throw new InvalidInputException(
        "prompt "
            + prompt.name()
            + ": "
            + model.provider()
            + "'s answer does not match the prompt's schema after one retry",
        problems.subList(0, Math.min(5, problems.size())));
  }

  private static LlmReply call(LanguageModel model, LlmRequest request) throws Exception {
    try {
      return model.complete(request);
    } catch (LlmException e) {
      if (e.kind() == LlmException.Kind.PERMANENT) {
        throw new InvalidInputException(e.getMessage());
      }
      throw e; // transient: the queue delivers the vCon again
    }
  }

  private static String record(LanguageModel model, PromptDeclaration prompt, long chars) {
    if (model.boundary() == TrustBoundary.THIRD_PARTY) {
      return ThirdPartyPolicy.transferRecord(
          model.provider(), "prompt/" + prompt.name(), chars, "chars");
    }
    return "sent-tenant-cloud:"
        + model.provider()
        + ":prompt/"
        + prompt.name()
        + ":"
        + chars
        + " chars";
  }

  private static JsonNode parse(String json) {
    try {
      JsonNode node = VendorHttp.json().readTree(json);
      return node == null || node.isMissingNode() ? null : node;
    } catch (IOException e) {
      return null;
    }
  }

  static String transcript(Conversation conversation) {
    StringBuilder text = new StringBuilder();
    for (Utterance u : conversation.utterances()) {
      String who =
          u.party() < 0
              ? "unknown speaker"
              : "party " + u.party() + (conversation.isCustomer(u) ? ", customer" : "");
      text.append('[').append(who).append("] ").append(u.text()).append('\n');
    }
    return text.toString();
  }
}
