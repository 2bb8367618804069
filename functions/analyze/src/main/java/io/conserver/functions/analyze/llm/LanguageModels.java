package io.conserver.functions.analyze.llm;

import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.secrets.SecretRefs;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The adapter a declaration names ({@code options.llm.provider}), with its credentials. */
final class LanguageModels {
  private LanguageModels() {}

  static LanguageModel create(LlmSettings settings, SecretRefs secrets)
      throws InvalidInputException {
    switch (settings.provider()) {
      case "openai":
        return new OpenAiModel(settings, settings.secret("api_key", secrets));
      case "anthropic":
        return new AnthropicModel(settings, settings.secret("api_key", secrets));
      case "gemini":
        return new GeminiModel(settings, settings.secret("api_key", secrets));
      case "bedrock":
        return bedrock(settings, secrets);
      default:
        throw new InvalidInputException(
            "options.llm.provider '"
                + settings.provider()
                + "' is not one of openai, anthropic, gemini, bedrock");
    }
  }

  private static LanguageModel bedrock(LlmSettings settings, SecretRefs secrets)
      throws InvalidInputException {
    String region =
        settings
            .region()
            .or(() -> Optional.ofNullable(System.getenv("AWS_REGION")))
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "bedrock needs options.llm.region (or AWS_REGION in the function)"));
    Optional<String> keyId = settings.optionalSecret("access_key_id", secrets);
    AwsCredentialsIdentity credentials;
    if (keyId.isPresent()) {
      String secret = settings.secret("secret_access_key", secrets);
      Optional<String> token = settings.optionalSecret("session_token", secrets);
      credentials =
          token.isPresent()
              ? AwsSessionCredentials.create(keyId.get(), secret, token.get())
              : AwsBasicCredentials.create(keyId.get(), secret);
    } else {
      credentials = DefaultCredentialsProvider.builder().build().resolveCredentials();
    }
    return new BedrockModel(settings, credentials, region);
  }
}
