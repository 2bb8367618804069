package io.conserver.vcon.validation;

/** How strictly a vCon is held to the current draft. */
public enum ValidationMode {
  /** Conformance to draft-ietf-vcon-vcon-core as written: the default. */
  STRICT,
  /**
   * For ingesting what real producers emit: the few omissions the WG's own examples make (no {@code
   * created_at}, an empty {@code redacted}, missing {@code encoding}, 0.3.0 member names) become
   * warnings. Everything that would mislead a consumer (bad references, bad hashes, plain http
   * URLs, unsupported critical extensions) stays an error.
   */
  LENIENT
}
