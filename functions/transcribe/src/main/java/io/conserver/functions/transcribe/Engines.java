package io.conserver.functions.transcribe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.TranscriberProvider;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The engine a stage's options choose ({@code "engine"}, default {@value #DEFAULT}), among the
 * providers this package carries. A third-party engine is refused unless the stage opts in with
 * {@code "allow_third_party": true}: the audio would leave the tenant's trust boundary.
 */
final class Engines {
  static final String DEFAULT = "pocketsphinx";

  private final List<TranscriberProvider> providers;
  private final SecretRefs secrets;

  Engines(List<TranscriberProvider> providers, SecretRefs secrets) {
    this.providers = List.copyOf(providers);
    this.secrets = secrets;
  }

  static Engines installed() {
    return new Engines(
        ServiceLoader.load(TranscriberProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList(),
        SecretRefs.system());
  }

  /**
   * @throws InvalidInputException when the options name no engine this package has, a credential
   *     reference cannot be resolved, or a third-party engine is not opted in
   */
  Transcriber choose(ObjectNode options) throws InvalidInputException {
    String name = options.path("engine").asText(DEFAULT);
    TreeMap<String, TranscriberProvider> byName = new TreeMap<>();
    providers.forEach(p -> byName.put(p.engine(), p));
    TranscriberProvider provider = byName.get(name);
    if (provider == null) {
      throw new InvalidInputException(
          "transcription engine "
              + name
              + " is not in this package; available: "
              + byName.keySet());
    }
    Transcriber engine;
    try {
      engine = provider.create(options, secrets);
    } catch (SecretReferenceException e) {
      throw new InvalidInputException("engine " + name + ": " + e.getMessage());
    }
    if (engine.boundary() == TrustBoundary.THIRD_PARTY
        && !options.path("allow_third_party").booleanValue()) {
      throw new InvalidInputException(
          "engine "
              + name
              + " sends the audio to a third party ("
              + engine.vendor()
              + "): the stage must opt in with \"allow_third_party\": true");
    }
    return engine;
  }
}
