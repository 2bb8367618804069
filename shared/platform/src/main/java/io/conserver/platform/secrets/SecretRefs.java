package io.conserver.platform.secrets;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Resolves credential references from a pipeline declaration (sinks, cloud engines), so
 * declarations never carry secrets: {@code env:NAME} reads an environment variable (what Lambda and
 * Cloud Functions inject from their secret stores), {@code config:key} a JVM system property (what
 * the local runtime sets from its config file). A literal value is refused: it would be a secret
 * committed with the pipeline.
 */
public final class SecretRefs {
  private final UnaryOperator<String> env;
  private final UnaryOperator<String> config;

  public SecretRefs(UnaryOperator<String> env, UnaryOperator<String> config) {
    this.env = env;
    this.config = config;
  }

  public static SecretRefs system() {
    return new SecretRefs(System::getenv, System::getProperty);
  }

  /**
   * The value behind a reference.
   *
   * @throws SecretReferenceException when the reference is malformed or names nothing
   */
  public String resolve(String setting, String reference) throws SecretReferenceException {
    Optional<String> value;
    if (reference.startsWith("env:")) {
      value = Optional.ofNullable(env.apply(reference.substring(4)));
    } else if (reference.startsWith("config:")) {
      value = Optional.ofNullable(config.apply(reference.substring(7)));
    } else {
      throw new SecretReferenceException(
          setting + " must be a reference (env:NAME or config:key), never the secret itself");
    }
    return value
        .filter(v -> !v.isBlank())
        .orElseThrow(() -> new SecretReferenceException(setting + " " + reference + " is not set"));
  }
}
