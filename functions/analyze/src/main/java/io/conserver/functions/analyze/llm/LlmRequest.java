package io.conserver.functions.analyze.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One structured-output request: instructions, the conversation text, and the JSON Schema the
 * answer must follow (sent to the vendor where its API takes one).
 *
 * @param name the prompt's name, also the schema's name where the API wants one
 */
public record LlmRequest(
    String name, String instructions, String conversation, ObjectNode schema, int maxTokens) {}
