package io.conserver.functions.transcribe.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;

/**
 * Makes one engine from a stage's options ({@code "engine": "deepgram", ...}). Providers are found
 * with {@link java.util.ServiceLoader}, so a package carries only the engines it ships and the
 * stage never names an engine class. Credentials come as references resolved through {@link
 * SecretRefs}, never inline in the declaration.
 */
public interface TranscriberProvider {
  /** The name a pipeline declaration uses in {@code options.engine}. */
  String engine();

  Transcriber create(ObjectNode options, SecretRefs secrets) throws SecretReferenceException;
}
