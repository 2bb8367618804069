package io.conserver.functions.export.sinks.saas;

import java.time.Instant;
import java.util.Optional;

/**
 * An OAuth access token; {@code instanceUrl} is where Salesforce says the org's API lives. {@code
 * toString} never shows the token.
 */
record AccessToken(String value, Instant expiresAt, Optional<String> instanceUrl) {
  @Override
  public String toString() {
    return "AccessToken[expiresAt=" + expiresAt + "]";
  }
}
