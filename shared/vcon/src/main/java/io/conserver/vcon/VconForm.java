package io.conserver.vcon;

import com.fasterxml.jackson.databind.JsonNode;

/** The three serialized forms of a vCon defined by the draft. */
public enum VconForm {
  /** A plain vCon object ({@code uuid}, {@code parties}, {@code dialog}, ...). */
  UNSIGNED,
  /** JWS General JSON serialization: {@code payload} + {@code signatures}. */
  SIGNED,
  /** JWE General JSON serialization: {@code ciphertext} + {@code recipients}. */
  ENCRYPTED;

  /**
   * Recognises the form of a parsed document by its members.
   *
   * @throws VconException when the document is not a JSON object
   */
  public static VconForm of(JsonNode document) {
    if (document == null || !document.isObject()) {
      throw new VconException("a vCon must be a JSON object");
    }
    if (document.has("ciphertext")) {
      return ENCRYPTED;
    }
    if (document.has("payload") && document.has("signatures")) {
      return SIGNED;
    }
    return UNSIGNED;
  }
}
