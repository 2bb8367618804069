package io.conserver.functions.transcribe.cloud.google;

import io.conserver.functions.transcribe.engine.TranscriptionException;

/** An OAuth 2 access token for Google APIs, fetched or refreshed as needed. */
interface AccessTokens {
  String token() throws TranscriptionException;

  /** A token given by reference (e.g. minted by a scheduler or a sidecar): used as it is. */
  static AccessTokens fixed(String token) {
    return () -> token;
  }
}
