package io.conserver.functions.ingest.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;

/** Reads one source's {@code options.fetch_media.<source>} members, naming the option in errors. */
final class VendorSettings {
  private final JsonNode settings;
  private final String option;
  private final SecretRefs secrets;

  VendorSettings(JsonNode settings, String option, SecretRefs secrets) {
    this.settings = settings;
    this.option = option;
    this.secrets = secrets;
  }

  String option() {
    return option;
  }

  /** A plain setting that must match {@code pattern} (it becomes part of a url or a header). */
  String required(String member, String pattern) throws StageMisconfiguredException {
    String value = settings.path(member).asText("");
    if (!value.matches(pattern)) {
      throw new StageMisconfiguredException(
          option + "." + member + " is required to fetch these recordings (" + pattern + ")");
    }
    return value;
  }

  String optional(String member, String fallback, String pattern)
      throws StageMisconfiguredException {
    return settings.has(member) ? required(member, pattern) : fallback;
  }

  /** A secret by reference ({@code env:NAME}, {@code config:key}), never inline. */
  String secret(String member) throws StageMisconfiguredException {
    if (!settings.path(member).isTextual()) {
      throw new StageMisconfiguredException(
          option
              + "."
              + member
              + " is required to fetch these recordings (env:NAME or config:key)");
    }
    try {
      return secrets.resolve(option + "." + member, settings.get(member).asText());
    } catch (SecretReferenceException e) {
      throw new StageMisconfiguredException(e.getMessage());
    }
  }
}
