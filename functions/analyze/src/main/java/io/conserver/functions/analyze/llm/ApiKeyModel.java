package io.conserver.functions.analyze.llm;

import io.conserver.platform.outside.TrustBoundary;

/**
 * What the SaaS adapters share: an API key, the settings, one HTTP caller; outside the boundary.
 */
abstract class ApiKeyModel implements LanguageModel {
  protected final LlmSettings settings;
  protected final String apiKey;
  protected final LlmHttp http;

  ApiKeyModel(LlmSettings settings, String apiKey, String provider) {
    this.settings = settings;
    this.apiKey = apiKey;
    this.http = new LlmHttp(provider, settings.timeout(), apiKey);
  }

  @Override
  public TrustBoundary boundary() {
    return TrustBoundary.THIRD_PARTY;
  }
}
