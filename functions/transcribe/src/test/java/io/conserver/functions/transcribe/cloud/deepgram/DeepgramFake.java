package io.conserver.functions.transcribe.cloud.deepgram;

import io.conserver.functions.transcribe.cloud.ContractServer;
import io.conserver.functions.transcribe.cloud.ContractServer.Answer;
import io.conserver.functions.transcribe.cloud.ContractServer.Received;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Deepgram's pre-recorded API as published: {@code POST /v1/listen} with {@code Authorization:
 * Token <key>}, either {@code Content-Type: application/json} and {@code {"url": ...}} or the audio
 * bytes with their media type; features as query parameters; the answer {@code
 * {"metadata":{...},"results":{"channels":[{"alternatives":[{"transcript","confidence","words":[{"word","start","end","confidence","speaker"}]}]}]}}}.
 * Errors as documented: 401 {@code INVALID_AUTH}, 400 {@code Bad Request} for a JSON body it cannot
 * process or audio it cannot decode, 404 for another path.
 *
 * <p>Sources: https://developers.deepgram.com/reference/speech-to-text/listen-pre-recorded,
 * https://developers.deepgram.com/docs/diarization,
 * https://developers.deepgram.com/reference/errors
 */
final class DeepgramFake implements AutoCloseable {
  static final String KEY = "dg-test-key-5f1c";

  final ContractServer server;
  private volatile String words = "[]";
  private volatile String transcript = "";

  DeepgramFake() throws IOException {
    server = new ContractServer(this::route);
  }

  /** What the next recognitions answer: the words array JSON and its transcript text. */
  void recognises(String transcript, String wordsJson) {
    this.transcript = transcript;
    this.words = wordsJson;
  }

  private Answer route(Received r) {
    if (!"POST".equals(r.method()) || !"/v1/listen".equals(r.path())) {
      return error(404, "NOT_FOUND", "Not Found");
    }
    if (!("Token " + KEY).equals(r.header("Authorization"))) {
      return error(401, "INVALID_AUTH", "Invalid credentials.");
    }
    String type = String.valueOf(r.header("Content-Type"));
    if (type.startsWith("application/json")) {
      if (!r.bodyText().matches("\\{\\s*\"url\"\\s*:\\s*\"https://[^\"]+\"\\s*}")) {
        return error(
            400,
            "Bad Request",
            "Content-type was application/json, but we could not process the JSON payload.");
      }
    } else if (r.body().length < 12
        || !Arrays.equals(Arrays.copyOf(r.body(), 4), "RIFF".getBytes(StandardCharsets.US_ASCII))) {
      return error(
          400, "Bad Request", "Bad Request: failed to process audio: corrupt or unsupported data");
    }
    return Answer.json(
        200,
        """
        {"metadata":{"request_id":"8c8e3f3a-0000-4000-8000-000000000001","duration":2.5,"channels":1,
          "models":["30089e05-99d1-4376-b32e-c263170674af"]},
         "results":{"channels":[{"alternatives":[{"transcript":"%s","confidence":0.97,"words":%s}]}]}}
        """
            .formatted(transcript, words));
  }

  private static Answer error(int status, String code, String message) {
    return Answer.json(
        status,
        "{\"err_code\":\"%s\",\"err_msg\":\"%s\",\"request_id\":\"9d0c-test\"}"
            .formatted(code, message));
  }

  @Override
  public void close() {
    server.close();
  }
}
