package io.conserver.functions.transcribe.cloud.aws;

import io.conserver.functions.transcribe.cloud.EngineOptions;
import io.conserver.platform.secrets.SecretReferenceException;
import io.conserver.platform.secrets.SecretRefs;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Options of {@code aws-transcribe}: {@code region} (default: the function's {@code AWS_REGION}),
 * {@code output_bucket} (the tenant's bucket, where Transcribe writes the transcript JSON; without
 * it Transcribe keeps it in its own bucket and the engine reads the pre-signed {@code
 * TranscriptFileUri}), {@code output_prefix} (default {@code asr/aws-transcribe/}), {@code
 * language} (BCP 47; the dialog's hint wins; identified by Transcribe when neither), {@code
 * diarize} (speaker labels, default true; {@code max_speakers} default 2), {@code
 * channel_identification} (default false; excludes diarisation), {@code job_prefix} (default: the
 * deployment's {@code CONSERVER_AWS_TRANSCRIBE_JOB_PREFIX}, which Terraform sets to the stage
 * function's name plus "-" so that the stage's EventBridge rule matches its own jobs only; else
 * {@code conserver-}), {@code timeout_s} (per API call, default 30), credentials {@code
 * access_key_id} + {@code secret_access_key} as references (default: the function's IAM role
 * through the AWS default chain), {@code endpoint} and {@code s3_endpoint} (overrides: a VPC
 * endpoint, the tests' fakes).
 */
record AwsTranscribeSettings(
    String region,
    Optional<URI> endpoint,
    Optional<URI> s3Endpoint,
    Optional<String> outputBucket,
    String outputPrefix,
    Optional<String> language,
    boolean diarize,
    int maxSpeakers,
    boolean channelIdentification,
    String jobPrefix,
    Duration timeout,
    Optional<Credentials> credentials) {
  static final String JOB_PREFIX_ENV = "CONSERVER_AWS_TRANSCRIBE_JOB_PREFIX";

  /** A key pair resolved from references; never printed. */
  record Credentials(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "Credentials[" + accessKeyId + ", secret hidden]";
    }
  }

  static AwsTranscribeSettings from(
      com.fasterxml.jackson.databind.node.ObjectNode options, SecretRefs secrets)
      throws SecretReferenceException {
    EngineOptions o = new EngineOptions(AwsTranscribeProvider.ENGINE, options);
    String region =
        o.text("region")
            .or(() -> Optional.ofNullable(System.getenv("AWS_REGION")))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "aws-transcribe needs options.region (or AWS_REGION in the function)"));
    boolean diarize = o.flag("diarize", true);
    boolean channels = o.flag("channel_identification", false);
    if (diarize && channels && options.has("diarize")) {
      throw new IllegalArgumentException(
          "aws-transcribe options.diarize and options.channel_identification exclude each other");
    }
    Optional<String> keyId = o.optionalSecret("access_key_id", secrets);
    Optional<String> secret = o.optionalSecret("secret_access_key", secrets);
    if (keyId.isPresent() != secret.isPresent()) {
      throw new IllegalArgumentException(
          "aws-transcribe options.access_key_id and options.secret_access_key go together");
    }
    String prefix = o.text("output_prefix", "asr/aws-transcribe/");
    return new AwsTranscribeSettings(
        region,
        o.text("endpoint").map(v -> o.endpoint(v)),
        o.text("s3_endpoint").map(URI::create),
        o.text("output_bucket"),
        prefix.endsWith("/") ? prefix : prefix + "/",
        o.text("language"),
        diarize && !channels,
        o.integer("max_speakers", 2, 2, 30),
        channels,
        o.text("job_prefix")
            .or(() -> Optional.ofNullable(System.getenv(JOB_PREFIX_ENV)))
            .orElse("conserver-"),
        Duration.ofSeconds(o.integer("timeout_s", 30, 1, 900)),
        keyId.map(k -> new Credentials(k, secret.get())));
  }
}
