package io.conserver.functions.transcribe.cloud.aws;

import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.PERMANENT;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.transcribe.cloud.DigitWords;
import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.vendor.VendorHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.transcribe.TranscribeClient;
import software.amazon.awssdk.services.transcribe.model.ConflictException;
import software.amazon.awssdk.services.transcribe.model.Media;
import software.amazon.awssdk.services.transcribe.model.Settings;
import software.amazon.awssdk.services.transcribe.model.StartTranscriptionJobRequest;
import software.amazon.awssdk.services.transcribe.model.TranscriptionJob;

/**
 * Amazon Transcribe batch jobs on the tenant's own account (inside the trust boundary). {@link
 * #transcribe} starts a job on the recording's {@code s3://} location under a deterministic name
 * and returns {@link Progress.Pending} with that name; nothing waits for it. The job's EventBridge
 * "Transcribe Job State Change" event (decoded by {@link TranscribeJobStateChange}) names the job,
 * and {@link #resume} reads its transcript JSON, from the tenant's output bucket when one is set.
 *
 * <p>The SDK's own retries are off: the stage's queue is the one retry loop, as for every engine.
 */
final class AwsTranscribe implements Transcriber {
  private final AwsTranscribeSettings settings;
  private final TranscribeClient transcribe;
  private final S3Client s3;
  private final VendorHttp<TranscriptionException> fileUri;

  private AwsTranscribe(
      AwsTranscribeSettings settings,
      TranscribeClient transcribe,
      S3Client s3,
      VendorHttp<TranscriptionException> fileUri) {
    this.settings = settings;
    this.transcribe = transcribe;
    this.s3 = s3;
    this.fileUri = fileUri;
  }

  static AwsTranscribe create(AwsTranscribeSettings settings) {
    AwsCredentialsProvider credentials =
        settings
            .credentials()
            .<AwsCredentialsProvider>map(
                c ->
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
            .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    SdkHttpClient http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(java.time.Duration.ofSeconds(10))
            .socketTimeout(settings.timeout())
            .build();
    Region region = Region.of(settings.region());
    var transcribe =
        TranscribeClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(http)
            .overrideConfiguration(
                c ->
                    c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(settings.timeout()));
    settings.endpoint().ifPresent(transcribe::endpointOverride);
    var s3 =
        S3Client.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClient(http)
            .overrideConfiguration(
                c ->
                    c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(settings.timeout()));
    settings.s3Endpoint().ifPresent(e -> s3.endpointOverride(e).forcePathStyle(true));
    return new AwsTranscribe(
        settings,
        transcribe.build(),
        s3.build(),
        new VendorHttp<>(
            AwsTranscribeProvider.ENGINE,
            settings.timeout(),
            List.of(),
            TranscriptionException::of));
  }

  @Override
  public String vendor() {
    return "aws";
  }

  @Override
  public String product() {
    return "transcribe";
  }

  @Override
  public TrustBoundary boundary() {
    return TrustBoundary.TENANT_CLOUD;
  }

  @Override
  public Progress transcribe(TranscriptionRequest request) throws TranscriptionException {
    URI media =
        request
            .audio()
            .location()
            .filter(u -> "s3".equals(u.getScheme()))
            .orElseThrow(
                () ->
                    new TranscriptionException(
                        PERMANENT,
                        "aws-transcribe reads audio from S3: the dialog's media must be in the"
                            + " tenant's bucket (an s3:// location)"));
    Optional<String> language = request.languageHint().or(settings::language);
    String job = AwsJobNames.of(settings.jobPrefix(), request, language.orElse("identify"));
    StartTranscriptionJobRequest.Builder start =
        StartTranscriptionJobRequest.builder()
            .transcriptionJobName(job)
            .media(Media.builder().mediaFileUri(media.toString()).build())
            .settings(settings(request));
    language.ifPresentOrElse(start::languageCode, () -> start.identifyLanguage(true));
    settings
        .outputBucket()
        .ifPresent(
            b -> start.outputBucketName(b).outputKey(settings.outputPrefix() + job + ".json"));
    try {
      transcribe.startTranscriptionJob(start.build());
    } catch (ConflictException alreadyStarted) {
      // A redelivery: the job of this name exists; its completion event resumes the stage.
    } catch (SdkException e) {
      throw AwsErrors.map("start job " + job, e);
    }
    return new Progress.Pending(job);
  }

  private Settings settings(TranscriptionRequest request) {
    Settings.Builder s = Settings.builder();
    if (settings.channelIdentification()) {
      s.channelIdentification(true);
    } else if (settings.diarize()) {
      int speakers =
          request.speakers() >= 2 ? Math.min(request.speakers(), 30) : settings.maxSpeakers();
      s.showSpeakerLabels(true).maxSpeakerLabels(speakers);
    }
    return s.build();
  }

  @Override
  public Progress resume(String jobId) throws TranscriptionException {
    if (!AwsJobNames.VALID.matcher(jobId).matches()) {
      throw new TranscriptionException(PERMANENT, "aws-transcribe: not a job name: " + jobId);
    }
    TranscriptionJob job;
    try {
      job = transcribe.getTranscriptionJob(r -> r.transcriptionJobName(jobId)).transcriptionJob();
    } catch (SdkException e) {
      throw AwsErrors.map("read job " + jobId, e);
    }
    return switch (job.transcriptionJobStatus()) {
      case COMPLETED ->
          new Progress.Done(
              DigitWords.spell(
                  AwsTranscriptJson.map(transcriptOf(job), job.languageCodeAsString())));
      case FAILED ->
          throw new TranscriptionException(
              PERMANENT,
              "aws-transcribe job "
                  + jobId
                  + " failed: "
                  + Optional.ofNullable(job.failureReason()).orElse("no reason given"));
      default -> new Progress.Pending(jobId);
    };
  }

  private JsonNode transcriptOf(TranscriptionJob job) throws TranscriptionException {
    if (settings.outputBucket().isPresent()) {
      String key = settings.outputPrefix() + job.transcriptionJobName() + ".json";
      try (InputStream in = s3.getObject(r -> r.bucket(settings.outputBucket().get()).key(key))) {
        return VendorHttp.json().readTree(in);
      } catch (SdkException e) {
        throw AwsErrors.map("read the transcript " + key, e);
      } catch (IOException e) {
        throw new TranscriptionException(
            TranscriptionException.Kind.TRANSIENT,
            "aws-transcribe: reading the transcript " + key + " failed",
            e);
      }
    }
    String uri = job.transcript() == null ? null : job.transcript().transcriptFileUri();
    if (uri == null) {
      throw new TranscriptionException(
          PERMANENT,
          "aws-transcribe job "
              + job.transcriptionJobName()
              + " completed without a transcript location");
    }
    return fileUri.send(java.net.http.HttpRequest.newBuilder(URI.create(uri)).GET());
  }
}
