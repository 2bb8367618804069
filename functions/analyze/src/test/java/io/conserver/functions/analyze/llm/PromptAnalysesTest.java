package io.conserver.functions.analyze.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.analyze.conversation.Conversation;
import io.conserver.functions.analyze.conversation.ConversationReader;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.vcon.Vcon;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Declared prompts: schema validation, one retry, the trust rule and the ledger notes. */
class PromptAnalysesTest {
  private static final String CHAT =
      "{\"uuid\":\"019f2a00-0000-8000-8000-000000000003\",\"created_at\":\"2026-11-20T10:00:00Z\","
          + "\"parties\":[{\"name\":\"Pat\",\"role\":\"customer\"},{\"name\":\"Sam\",\"role\":\"agent\"}],"
          + "\"dialog\":[{\"type\":\"text\",\"start\":\"2026-11-20T10:00:00Z\",\"parties\":[0,1],"
          + "\"originator\":0,\"mediatype\":\"text/plain\",\"encoding\":\"none\",\"body\":\"It's too expensive.\"}]%s}";
  private static final String REDACTED =
      ",\"redacted\":{\"uuid\":\"019f2a00-0000-8000-8000-0000000000ff\"}";

  private VendorFake fake;

  @BeforeEach
  void start() throws Exception {
    fake = new VendorFake();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static String anthropicAnswer(String input) {
    return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\","
        + "\"id\":\"t\",\"name\":\"next-step\",\"input\":"
        + input
        + "}],\"stop_reason\":\"tool_use\","
        + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";
  }

  // A redact stage runs first, as the parser requires before a stage that sends data outside;
  // the stage still checks each vCon it sends is redacted (the tests below feed both kinds).
  private StageDeclaration stage(String extra) {
    String json =
        "{\"name\":\"p\",\"stages\":[{\"name\":\"redact\",\"function\":\"redact\"},"
            + "{\"name\":\"analyze\",\"function\":\"analyze\""
            + extra
            + "}]}";
    return PipelineParser.parse(json.getBytes(StandardCharsets.UTF_8), "t").stages().get(1);
  }

  private PromptAnalyses.Outcome run(StageDeclaration stage, boolean redacted) throws Exception {
    ObjectNode llm = VendorFake.JSON.createObjectNode();
    llm.put("provider", "anthropic").put("model", "m-1").put("api_key", "env:LLM_KEY");
    llm.put("endpoint", fake.endpoint());
    ArrayNode prompts = VendorFake.JSON.createArrayNode();
    ObjectNode prompt =
        prompts.addObject().put("name", "next-step").put("instructions", "Next step?");
    ObjectNode schema = prompt.putObject("schema").put("type", "object");
    schema.putObject("properties").putObject("step").put("type", "string").put("minLength", 3);
    schema.putArray("required").add("step");
    Vcon vcon = Vcon.parse(String.format(CHAT, redacted ? REDACTED : ""));
    Conversation conversation = ConversationReader.read(vcon, VendorFake.JSON.missingNode());
    return new PromptAnalyses(LlmAdaptersTest.SECRETS).run(stage, llm, prompts, vcon, conversation);
  }

  @Test
  void redactedVcon_optedIn_answerValidated_recordedForTheLedger() throws Exception {
    fake.answer(200, anthropicAnswer("{\"step\":\"send a quote\"}"));
    PromptAnalyses.Outcome outcome = run(stage(",\"options\":{\"allow_third_party\":true}"), true);
    assertThat(outcome.analyses()).hasSize(1);
    JsonNode body = outcome.analyses().get(0).body().orElseThrow();
    assertThat(body.at("/result/step").asText()).isEqualTo("send a quote");
    assertThat(outcome.analyses().get(0).type()).contains("next-step");
    assertThat(outcome.analyses().get(0).schema()).contains("conserver-llm-prompt/1");
    assertThat(outcome.transfers())
        .singleElement()
        .asString()
        .startsWith("sent-outside:anthropic:prompt/next-step:");
    assertThat(fake.received.get(0).body().at("/messages/0/content").asText())
        .isEqualTo("[party 0, customer] It's too expensive.\n")
        .doesNotContain("Pat");
  }

  @Test
  void anAnswerOutsideTheSchema_isAskedOnceMore_thenAccepted() throws Exception {
    fake.answer(200, anthropicAnswer("{\"step\":\"no\"}"))
        .answer(200, anthropicAnswer("{\"step\":\"call back Monday\"}"));
    PromptAnalyses.Outcome outcome = run(stage(",\"options\":{\"allow_third_party\":true}"), true);
    assertThat(outcome.analyses().get(0).body().orElseThrow().at("/result/step").asText())
        .isEqualTo("call back Monday");
    assertThat(fake.received).hasSize(2);
    assertThat(fake.received.get(1).body().path("system").asText())
        .contains("did not match the required JSON Schema");
    assertThat(outcome.transfers()).hasSize(2);
  }

  @Test
  void twoAnswersOutsideTheSchema_areAClearFailure() {
    fake.answer(200, anthropicAnswer("{\"step\":\"no\"}")).answer(200, anthropicAnswer("{}"));
    assertThatThrownBy(() -> run(stage(",\"options\":{\"allow_third_party\":true}"), true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(
            "prompt next-step: anthropic's answer does not match the prompt's schema after one retry");
  }

  @Test
  void thirdParty_withoutOptIn_orUnredacted_isRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> run(stage(""), true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("\"allow_third_party\": true");
    assertThatThrownBy(() -> run(stage(",\"options\":{\"allow_third_party\":true}"), false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("the vCon is not redacted");
    assertThat(fake.received).isEmpty();
  }

  @Test
  void unredacted_withTheStagesExplicitOptIn_isSent() throws Exception {
    fake.answer(200, anthropicAnswer("{\"step\":\"send a quote\"}"));
    assertThat(
            run(
                    stage(
                        ",\"allow_unredacted_outside\":true,\"options\":{\"allow_third_party\":true}"),
                    false)
                .analyses())
        .hasSize(1);
  }
}
