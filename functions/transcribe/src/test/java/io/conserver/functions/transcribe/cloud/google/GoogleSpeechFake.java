package io.conserver.functions.transcribe.cloud.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.transcribe.cloud.ContractServer;
import io.conserver.functions.transcribe.cloud.ContractServer.Answer;
import io.conserver.functions.transcribe.cloud.ContractServer.Received;
import io.conserver.platform.vendor.VendorHttp;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google Cloud Speech-to-Text v2 over REST as published, and the GCP metadata server's token
 * endpoint. Speech: {@code POST /v2/projects/{p}/locations/{l}/recognizers/{r}:batchRecognize} (1
 * to 5 {@code files} with {@code gs://} URIs, {@code config.languageCodes}, a {@code
 * recognitionOutputConfig}) answering a long-running Operation {@code {"name":
 * "projects/{p}/locations/{l}/operations/{id}","metadata":{...}}}; {@code GET /v2/{name}} answers
 * it again, with {@code "done": true} and {@code response} (a BatchRecognizeResponse) or {@code
 * error} once the test ends it. {@code Authorization: Bearer <token>}; errors {@code {"error":
 * {"code","message","status"}}}: 401 UNAUTHENTICATED, 400 INVALID_ARGUMENT, 404 NOT_FOUND.
 * Metadata: {@code GET /computeMetadata/v1/instance/service-accounts/default/token} needs {@code
 * Metadata-Flavor: Google} (403 otherwise) and answers {@code {"access_token","expires_in",
 * "token_type":"Bearer"}}.
 *
 * <p>Sources:
 * https://cloud.google.com/speech-to-text/docs/reference/rest/v2/projects.locations.recognizers/batchRecognize,
 * https://cloud.google.com/speech-to-text/docs/reference/rest/v2/projects.locations.operations/get,
 * https://cloud.google.com/speech-to-text/docs/reference/rest/v2/BatchRecognizeFileResult,
 * https://cloud.google.com/apis/design/errors,
 * https://cloud.google.com/compute/docs/access/authenticate-workloads#applications
 */
final class GoogleSpeechFake implements AutoCloseable {
  static final String TOKEN = "ya29.test-token-c0ffee";
  private static final Pattern BATCH =
      Pattern.compile("/v2/projects/([^/]+)/locations/([^/]+)/recognizers/([^/:]+):batchRecognize");
  private static final Pattern OPERATION =
      Pattern.compile("/v2/(projects/[^/]+/locations/[^/]+/operations/[^/]+)");

  final ContractServer server;
  final AtomicInteger tokensIssued = new AtomicInteger();
  private final Map<String, ObjectNode> operations = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger(7_000);

  GoogleSpeechFake() throws IOException {
    server = new ContractServer(this::route);
  }

  /** The operation ends with this BatchRecognizeFileResult for its one file. */
  void finish(String name, String fileResultJson) throws IOException {
    ObjectNode op = operations.get(name);
    String uri = op.path("metadata").path("uri").asText();
    ObjectNode response = op.put("done", true).putObject("response");
    response.put("@type", "type.googleapis.com/google.cloud.speech.v2.BatchRecognizeResponse");
    response.putObject("results").set(uri, VendorHttp.json().readTree(fileResultJson));
    response.put("totalBilledDuration", "12s");
  }

  /** The whole operation ends in error (a google.rpc.Status). */
  void failOperation(String name, int code, String message) {
    ObjectNode op = operations.get(name).put("done", true);
    op.putObject("error").put("code", code).put("message", message);
  }

  private Answer route(Received r) throws IOException {
    if (r.path().equals("/computeMetadata/v1/instance/service-accounts/default/token")) {
      if (!"Google".equals(r.header("Metadata-Flavor"))) {
        return Answer.json(403, "{\"error\":\"Missing Metadata-Flavor:Google header.\"}");
      }
      tokensIssued.incrementAndGet();
      return Answer.json(
          200,
          "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    }
    if (!("Bearer " + TOKEN).equals(r.header("Authorization"))) {
      return error(
          401,
          "UNAUTHENTICATED",
          "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
    }
    Matcher batch = BATCH.matcher(r.path());
    if ("POST".equals(r.method()) && batch.matches()) {
      return batchRecognize(batch, VendorHttp.json().readTree(r.body()));
    }
    Matcher op = OPERATION.matcher(r.path());
    if ("GET".equals(r.method()) && op.matches()) {
      ObjectNode found = operations.get(op.group(1));
      return found == null
          ? error(404, "NOT_FOUND", "Operation not found: " + op.group(1))
          : Answer.json(200, found.toString());
    }
    return error(404, "NOT_FOUND", "The requested URL was not found on this server.");
  }

  private Answer batchRecognize(Matcher path, JsonNode body) {
    JsonNode files = body.path("files");
    if (!files.isArray() || files.isEmpty() || files.size() > 5) {
      return error(400, "INVALID_ARGUMENT", "Between 1 and 5 files must be specified.");
    }
    String uri = files.path(0).path("uri").asText("");
    if (!uri.startsWith("gs://")) {
      return error(
          400,
          "INVALID_ARGUMENT",
          "Invalid resource field value in the request: files[0].uri must be a Cloud Storage URI.");
    }
    if (body.at("/config/languageCodes").size() == 0) {
      return error(400, "INVALID_ARGUMENT", "config.language_codes must be set.");
    }
    if (!body.has("recognitionOutputConfig")) {
      return error(400, "INVALID_ARGUMENT", "recognition_output_config must be set.");
    }
    return Answer.json(
        200, operations.get(operation(path.group(1), path.group(2), uri)).toString());
  }

  /** A running operation on one file, as a batchRecognize request starts it; its name. */
  String operation(String project, String location, String uri) {
    String name =
        "projects/%s/locations/%s/operations/%d"
            .formatted(project, location, ids.incrementAndGet());
    ObjectNode op = VendorHttp.json().createObjectNode().put("name", name);
    op.putObject("metadata")
        .put("@type", "type.googleapis.com/google.cloud.speech.v2.OperationMetadata")
        .put("method", "google.cloud.speech.v2.Speech.BatchRecognize")
        .put("uri", uri);
    operations.put(name, op);
    return name;
  }

  static Answer error(int code, String status, String message) {
    ObjectNode body = VendorHttp.json().createObjectNode();
    body.putObject("error").put("code", code).put("message", message).put("status", status);
    return Answer.json(code, body.toString());
  }

  @Override
  public void close() {
    server.close();
  }
}
