package io.conserver.functions.translate.engine.aws;

import io.conserver.functions.translate.engine.TextChunks;
import io.conserver.functions.translate.engine.TranslationException;
import io.conserver.functions.translate.engine.TranslationException.Kind;
import io.conserver.functions.translate.engine.Translator;
import io.conserver.platform.outside.TrustBoundary;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.translate.TranslateClient;
import software.amazon.awssdk.services.translate.model.TextSizeLimitExceededException;
import software.amazon.awssdk.services.translate.model.TranslateException;
import software.amazon.awssdk.services.translate.model.UnsupportedLanguagePairException;

/**
 * Amazon Translate {@code TranslateText} through the AWS SDK v2 (AWS JSON 1.1, SigV4), the tenant's
 * own cloud: inside the trust boundary
 * (https://docs.aws.amazon.com/translate/latest/APIReference/API_TranslateText.html). The API takes
 * at most 10,000 UTF-8 bytes of text per call, so longer texts go in pieces.
 */
public final class AwsTranslator implements Translator {
  static final int MAX_CHUNK_BYTES = 9_000;

  private final TranslateClient client;

  /** Takes ownership of the client: {@link #close} closes it. */
  public AwsTranslator(TranslateClient client) {
    this.client = client;
  }

  @Override
  public String vendor() {
    return "aws";
  }

  @Override
  public String product() {
    return "translate";
  }

  @Override
  public TrustBoundary boundary() {
    return TrustBoundary.TENANT_CLOUD;
  }

  @Override
  public Translation translate(String text, String from, String to) throws TranslationException {
    List<String> chunks = TextChunks.byUtf8Bytes(text, MAX_CHUNK_BYTES);
    StringBuilder out = new StringBuilder();
    for (String chunk : chunks) {
      try {
        out.append(
            client
                .translateText(r -> r.text(chunk).sourceLanguageCode(from).targetLanguageCode(to))
                .translatedText());
      } catch (TranslateException e) {
        throw failure(e);
      } catch (SdkClientException e) {
        throw new TranslationException(
            Kind.TRANSIENT, "Amazon Translate could not be reached: " + e.getMessage(), e);
      }
    }
    return new Translation(out.toString(), from + "-" + to, chunks.size());
  }

  // Errors of TranslateText (API reference, "Errors"): the service's own exception types first,
  // then the status for the generic ones (AccessDenied, UnrecognizedClient, Throttling...).
  static TranslationException failure(TranslateException e) {
    String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    String what =
        "Amazon Translate answered " + e.statusCode() + " " + code + ": " + errorMessage(e);
    if (e instanceof UnsupportedLanguagePairException) {
      return new TranslationException(Kind.UNSUPPORTED_LANGUAGE, what, e);
    }
    if (e instanceof TextSizeLimitExceededException) {
      return new TranslationException(Kind.REJECTED_INPUT, what, e);
    }
    if (e.isThrottlingException() || e.statusCode() == 429 || e.statusCode() >= 500) {
      return new TranslationException(Kind.TRANSIENT, what, e);
    }
    return new TranslationException(
        Kind.CONFIGURATION,
        what
            + (e.statusCode() == 403 ? " (check the function role's translate:TranslateText)" : ""),
        e);
  }

  private static String errorMessage(TranslateException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
        ? "(no message)"
        : e.awsErrorDetails().errorMessage();
  }

  @Override
  public void close() {
    client.close();
  }
}
