package io.conserver.functions.transcribe.cloud.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.TranscriberProvider;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;

/**
 * {@code "engine": "aws-transcribe"} (see {@link AwsTranscribeSettings} for the options). The AWS
 * SDK is an optional dependency of this module, present only in AWS packages: elsewhere this
 * provider is still listed, and choosing it is a clear configuration error rather than a {@link
 * NoClassDefFoundError} in the middle of a run.
 */
public final class AwsTranscribeProvider implements TranscriberProvider {
  static final String ENGINE = "aws-transcribe";
  private static final String SDK_CLASS =
      "software.amazon.awssdk.services.transcribe.TranscribeClient";

  @Override
  public String engine() {
    return ENGINE;
  }

  @Override
  public Transcriber create(ObjectNode options, SecretRefs secrets)
      throws SecretReferenceException {
    try {
      Class.forName(SDK_CLASS, false, AwsTranscribeProvider.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          ENGINE
              + " is not in this package (it needs software.amazon.awssdk:transcribe); deploy the"
              + " AWS package or choose another engine");
    }
    return AwsTranscribe.create(AwsTranscribeSettings.from(options, secrets));
  }
}
