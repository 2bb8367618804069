package io.conserver.functions.analyze.llm;

import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.vendor.VendorHttp;
import java.util.List;

/**
 * What the SaaS adapters share: an API key, the settings, one HTTP caller; outside the boundary.
 */
abstract class ApiKeyModel implements LanguageModel {
  protected final LlmSettings settings;
  protected final String apiKey;
  protected final VendorHttp<LlmException> http;

  ApiKeyModel(LlmSettings settings, String apiKey, String provider) {
    this.settings = settings;
    this.apiKey = apiKey;
    this.http = new VendorHttp<>(provider, settings.timeout(), List.of(apiKey), LlmException::of);
  }

  @Override
  public TrustBoundary boundary() {
    return TrustBoundary.THIRD_PARTY;
  }
}
