package io.conserver.functions.transcribe.cloud.google;

import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.PERMANENT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.cloud.DigitWords;
import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.vendor.VendorHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Google Cloud Speech-to-Text v2 batch recognition on the tenant's own project (inside the trust
 * boundary), over its REST API with plain {@code java.net.http}: {@link #transcribe} posts {@code
 * :batchRecognize} for the recording's {@code gs://} location with inline output and returns {@link
 * Progress.Pending} with the long-running operation's name; {@link #resume} gets the operation and
 * maps its result once {@code done}. Google sends no completion event for these operations, so the
 * stage resumes them itself (see the README, "Cloud transcription engines").
 *
 * <p>The job id is the operation name, so it also says which recording it was for: the request
 * holds one file, and the result is keyed by that file's URI.
 */
final class GoogleSpeechV2 implements Transcriber {
  private static final Pattern OPERATION =
      Pattern.compile("projects/[A-Za-z0-9._-]+/locations/[a-z0-9-]+/operations/[A-Za-z0-9._-]+");

  private final URI endpoint;
  private final GoogleSttSettings settings;
  private final AccessTokens tokens;
  private final VendorHttp<TranscriptionException> http;

  GoogleSpeechV2(
      URI endpoint,
      GoogleSttSettings settings,
      AccessTokens tokens,
      VendorHttp<TranscriptionException> http) {
    this.endpoint = endpoint;
    this.settings = settings;
    this.tokens = tokens;
    this.http = http;
  }

  @Override
  public String vendor() {
    return "google";
  }

  @Override
  public String product() {
    return "speech-to-text-v2/" + settings.model();
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
            .filter(u -> "gs".equals(u.getScheme()))
            .orElseThrow(
                () ->
                    new TranscriptionException(
                        PERMANENT,
                        "google-stt reads audio from Cloud Storage: the dialog's media must be in"
                            + " the tenant's bucket (a gs:// location)"));
    String language = request.languageHint().or(settings::language).orElse("auto");
    ObjectNode body = VendorHttp.json().createObjectNode();
    ObjectNode config = body.putObject("config");
    config.putObject("autoDecodingConfig");
    config.put("model", settings.model());
    config.putArray("languageCodes").add(language);
    ObjectNode features = config.putObject("features");
    features.put("enableWordTimeOffsets", true).put("enableWordConfidence", true);
    if (settings.separateChannels()) {
      features.put("multiChannelMode", "SEPARATE_RECOGNITION_PER_CHANNEL");
    } else if (settings.diarize()) {
      int speakers = Math.max(2, request.speakers());
      features
          .putObject("diarizationConfig")
          .put("minSpeakerCount", 1)
          .put("maxSpeakerCount", speakers);
    }
    body.putArray("files").addObject().put("uri", media.toString());
    body.putObject("recognitionOutputConfig").putObject("inlineResponseConfig");
    String recognizer =
        "projects/%s/locations/%s/recognizers/%s"
            .formatted(settings.project(), settings.location(), settings.recognizer());
    JsonNode operation =
        http.send(
            authorised(
                    HttpRequest.newBuilder(
                        endpoint.resolve("/v2/" + recognizer + ":batchRecognize")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    String name = operation.path("name").asText("");
    if (!OPERATION.matcher(name).matches()) {
      throw new TranscriptionException(
          TranscriptionException.Kind.TRANSIENT,
          "google-stt answered batchRecognize without an operation name");
    }
    return new Progress.Pending(name);
  }

  @Override
  public Progress resume(String jobId) throws TranscriptionException {
    if (!OPERATION.matcher(jobId).matches()) {
      throw new TranscriptionException(PERMANENT, "google-stt: not an operation name: " + jobId);
    }
    JsonNode operation =
        http.send(authorised(HttpRequest.newBuilder(endpoint.resolve("/v2/" + jobId))).GET());
    if (!operation.path("done").asBoolean(false)) {
      return new Progress.Pending(jobId);
    }
    JsonNode results = operation.at("/response/results");
    String uri = results.isObject() && results.size() == 1 ? results.fieldNames().next() : "";
    return new Progress.Done(
        DigitWords.spell(
            GoogleSpeechResults.map(
                operation, uri, settings.language().orElse("und"), settings.separateChannels())));
  }

  private HttpRequest.Builder authorised(HttpRequest.Builder request)
      throws TranscriptionException {
    return request.header("Authorization", "Bearer " + tokens.token());
  }

  /** What the stage chose; {@link GoogleSttProvider} documents each. */
  record GoogleSttSettings(
      String project,
      String location,
      String recognizer,
      String model,
      Optional<String> language,
      boolean diarize,
      boolean separateChannels) {}
}
