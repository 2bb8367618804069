package io.conserver.functions.analyze.llm;

/** The model's answer (the JSON text it produced) and the tokens it reports. */
public record LlmReply(String json, int inputTokens, int outputTokens) {}
