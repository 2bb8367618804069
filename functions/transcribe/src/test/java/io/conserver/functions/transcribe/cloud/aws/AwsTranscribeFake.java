package io.conserver.functions.transcribe.cloud.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.cloud.ContractServer;
import io.conserver.functions.transcribe.cloud.ContractServer.Answer;
import io.conserver.functions.transcribe.cloud.ContractServer.Received;
import io.conserver.platform.vendor.VendorHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Amazon Transcribe's batch API as published, over the AWS JSON 1.1 protocol: {@code POST /} with
 * {@code X-Amz-Target: Transcribe.<Operation>}, {@code Content-Type: application/x-amz-json-1.1}, a
 * SigV4 {@code Authorization} header (checked for presence and shape, credential scope {@code
 * <key>/<date>/<region>/transcribe/aws4_request}, and a known access key; the signature itself is
 * not recomputed); errors as {@code {"__type": ..., "Message": ...}}. Operations: {@code
 * StartTranscriptionJob} (name pattern, Media required, LanguageCode xor IdentifyLanguage,
 * ShowSpeakerLabels needs MaxSpeakerLabels, a reused name is {@code ConflictException}) and {@code
 * GetTranscriptionJob} ({@code NotFoundException} for an unknown name). Jobs stay QUEUED until the
 * test finishes or fails them, as the service would; a finished job's transcript is written to the
 * output bucket (a real S3 server, s3proxy) or served here at a pre-signed-style URL.
 *
 * <p>Sources:
 * https://docs.aws.amazon.com/transcribe/latest/APIReference/API_StartTranscriptionJob.html,
 * https://docs.aws.amazon.com/transcribe/latest/APIReference/API_GetTranscriptionJob.html,
 * https://docs.aws.amazon.com/transcribe/latest/APIReference/CommonErrors.html,
 * https://docs.aws.amazon.com/general/latest/gr/sigv4-signed-request-examples.html
 */
final class AwsTranscribeFake implements AutoCloseable {
  private static final Pattern AUTH =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([a-z0-9-]+)/transcribe/aws4_request,"
              + " ?SignedHeaders=([a-z0-9;-]+), ?Signature=[0-9a-f]{64}");
  private static final Pattern JOB_NAME = Pattern.compile("^[0-9a-zA-Z._-]{1,200}$");

  final ContractServer server;
  private final String accessKeyId;
  private final String region;
  private final S3Client s3;
  private final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();
  private final Map<String, byte[]> servedTranscripts = new ConcurrentHashMap<>();

  AwsTranscribeFake(String accessKeyId, String region, S3Client s3) throws IOException {
    this.accessKeyId = accessKeyId;
    this.region = region;
    this.s3 = s3;
    this.server = new ContractServer(this::route);
  }

  int jobCount() {
    return jobs.size();
  }

  /** The job ends well: its transcript is written where the job said. */
  void finish(String name, String transcriptJson) {
    ObjectNode job = jobs.get(name);
    String bucket = job.path("OutputBucketName").asText(null);
    String uri;
    if (bucket != null) {
      String key = job.path("OutputKey").asText(name + ".json");
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(transcriptJson));
      uri = "https://s3." + region + ".amazonaws.com/" + bucket + "/" + key;
    } else {
      servedTranscripts.put(name, transcriptJson.getBytes(StandardCharsets.UTF_8));
      uri = server.uri() + "/transcripts/" + name + ".json?X-Amz-Signature=0f0f";
    }
    job.put("TranscriptionJobStatus", "COMPLETED");
    job.putObject("Transcript").put("TranscriptFileUri", uri);
    job.put("CompletionTime", 1.7641512E9);
  }

  void fail(String name, String reason) {
    jobs.get(name).put("TranscriptionJobStatus", "FAILED").put("FailureReason", reason);
  }

  private Answer route(Received r) throws IOException {
    if ("GET".equals(r.method()) && r.path().startsWith("/transcripts/")) {
      String name = r.path().substring("/transcripts/".length()).replace(".json", "");
      byte[] body = servedTranscripts.get(name);
      return body == null
          ? new Answer(
              403,
              Map.of(),
              "<Error><Code>AccessDenied</Code></Error>".getBytes(StandardCharsets.UTF_8))
          : new Answer(200, Map.of("Content-Type", "application/json"), body);
    }
    if (!"POST".equals(r.method()) || !"/".equals(r.path())) {
      return error(404, "UnknownOperationException", null);
    }
    String auth = r.header("Authorization");
    if (auth == null) {
      return error(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }
    Matcher m = AUTH.matcher(auth);
    if (!m.matches() || r.header("X-Amz-Date") == null || !m.group(4).contains("x-amz-target")) {
      return error(
          400,
          "IncompleteSignatureException",
          "Authorization header requires Credential, SignedHeaders and Signature");
    }
    if (!m.group(1).equals(accessKeyId)) {
      return error(
          400,
          "UnrecognizedClientException",
          "The security token included in the request is invalid.");
    }
    if (!m.group(3).equals(region)) {
      return error(
          400, "InvalidSignatureException", "Credential should be scoped to a valid region.");
    }
    if (!String.valueOf(r.header("Content-Type")).startsWith("application/x-amz-json-1.1")) {
      return error(400, "SerializationException", null);
    }
    JsonNode body = VendorHttp.json().readTree(r.body());
    return switch (String.valueOf(r.header("X-Amz-Target"))) {
      case "Transcribe.StartTranscriptionJob" -> start(body);
      case "Transcribe.GetTranscriptionJob" -> get(body);
      default -> error(400, "UnknownOperationException", null);
    };
  }

  private Answer start(JsonNode body) {
    String name = body.path("TranscriptionJobName").asText("");
    if (!JOB_NAME.matcher(name).matches()) {
      return error(
          400,
          "BadRequestException",
          "1 validation error detected: Value at 'transcriptionJobName' failed to satisfy constraint");
    }
    if (!body.path("Media").hasNonNull("MediaFileUri")) {
      return error(400, "BadRequestException", "Media.MediaFileUri is required");
    }
    if (body.has("LanguageCode") == body.path("IdentifyLanguage").asBoolean(false)) {
      return error(400, "BadRequestException", "Specify either LanguageCode or IdentifyLanguage.");
    }
    JsonNode settings = body.path("Settings");
    if (settings.path("ShowSpeakerLabels").asBoolean(false) && !settings.has("MaxSpeakerLabels")) {
      return error(
          400,
          "BadRequestException",
          "MaxSpeakerLabels is required when ShowSpeakerLabels is set.");
    }
    if (settings.path("ShowSpeakerLabels").asBoolean(false)
        && settings.path("ChannelIdentification").asBoolean(false)) {
      return error(
          400,
          "BadRequestException",
          "You can't use both speaker diarization and channel identification.");
    }
    if (jobs.containsKey(name)) {
      return error(
          400,
          "ConflictException",
          "The requested job name already exists. Use a different job name.");
    }
    ObjectNode job =
        ((ObjectNode) body.deepCopy())
            .put("TranscriptionJobStatus", "QUEUED")
            .put("CreationTime", 1.7641511E9);
    jobs.put(name, job);
    return ok(job);
  }

  private Answer get(JsonNode body) {
    ObjectNode job = jobs.get(body.path("TranscriptionJobName").asText(""));
    if (job == null) {
      return error(
          400,
          "NotFoundException",
          "The requested job couldn't be found. Check the job name and try your request again.");
    }
    return ok(job);
  }

  private static Answer ok(ObjectNode job) {
    ObjectNode out = VendorHttp.json().createObjectNode();
    ObjectNode copy = out.putObject("TranscriptionJob");
    copy.setAll(job);
    copy.remove(java.util.List.of("OutputBucketName", "OutputKey", "IdentifyLanguage"));
    return new Answer(
        200,
        Map.of("Content-Type", "application/x-amz-json-1.1"),
        out.toString().getBytes(StandardCharsets.UTF_8));
  }

  static Answer error(int status, String type, String message) {
    ObjectNode body = VendorHttp.json().createObjectNode().put("__type", type);
    if (message != null) {
      body.put("Message", message);
    }
    return new Answer(
        status,
        Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-ErrorType", type),
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.close();
  }
}
