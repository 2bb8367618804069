package io.conserver.functions.analyze.llm;

import io.conserver.platform.outside.TrustBoundary;

/**
 * The LLM port: one structured-output call. Adapters: OpenAI (Chat Completions, {@code json_schema}
 * response format), Anthropic (Messages, a forced tool whose input schema is the answer's), Gemini
 * (generateContent, {@code responseSchema}), Bedrock (Converse, SigV4 by the AWS SDK; the tenant's
 * own account).
 */
public interface LanguageModel {
  /** The provider's name, for messages and the ledger ({@code anthropic}). */
  String provider();

  /** Where the conversation goes when this model is asked. */
  TrustBoundary boundary();

  LlmReply complete(LlmRequest request) throws LlmException;
}
