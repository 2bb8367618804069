package io.conserver.functions.translate.engine.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.TranslationException.Kind;
import io.conserver.functions.translate.engine.Translator;
import io.conserver.functions.translate.engine.TranslatorProvider;
import io.conserver.platform.secrets.SecretRefs;

/**
 * {@code "engine": "aws"}. Options: {@code region} (default: the function's {@code AWS_REGION});
 * credentials from the function's role (the SDK's default chain) unless {@code access_key_id_ref}
 * and {@code secret_access_key_ref} (and {@code session_token_ref}) name references, for runtimes
 * outside AWS; {@code engine_timeout_s} (default 30).
 *
 * <p>The AWS SDK's translate module is an optional dependency, present in the AWS package only:
 * this class names no SDK type, so it loads everywhere and says plainly when the SDK is absent.
 */
public final class AwsTranslateProvider implements TranslatorProvider {
  static final String SDK_CLASS = "software.amazon.awssdk.services.translate.TranslateClient";

  @Override
  public String engine() {
    return "aws";
  }

  @Override
  public Translator create(ObjectNode options, SecretRefs secrets) throws TranslationException {
    try {
      Class.forName(SDK_CLASS, false, AwsTranslateProvider.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new TranslationException(
          Kind.CONFIGURATION,
          "the aws engine needs the AWS SDK translate module, which this package does not carry:"
              + " deploy the translate stage from the AWS package (functions/aws)");
    }
    return AwsClients.translator(options, secrets);
  }
}
