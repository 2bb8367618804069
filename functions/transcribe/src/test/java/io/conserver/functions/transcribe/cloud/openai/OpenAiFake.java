package io.conserver.functions.transcribe.cloud.openai;

import io.conserver.functions.transcribe.cloud.ContractServer;
import io.conserver.functions.transcribe.cloud.ContractServer.Answer;
import io.conserver.functions.transcribe.cloud.ContractServer.Received;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * OpenAI's audio transcription endpoint as published: {@code POST /v1/audio/transcriptions}, {@code
 * Authorization: Bearer <key>}, {@code multipart/form-data} with {@code file}, {@code model},
 * {@code response_format}, {@code timestamp_granularities[]}, optional {@code language}
 * (ISO-639-1); files of at most 25 MB; {@code verbose_json} answers {@code
 * {"task","language","duration","text", "words":[{"word","start","end"}]}}. Errors {@code
 * {"error":{"message","type","param","code"}}}: 401 {@code invalid_api_key}, 400 for a missing
 * field, an unsupported file or word timestamps without {@code verbose_json}, 413 over the size
 * limit.
 *
 * <p>Sources: https://platform.openai.com/docs/api-reference/audio/createTranscription,
 * https://platform.openai.com/docs/guides/speech-to-text (25 MB limit),
 * https://platform.openai.com/docs/guides/error-codes
 *
 * <p>The "recogniser" is honest about what it hears: each run of tone in the WAV it receives is one
 * word, named by its length ("w300" for 300 ms), with times relative to that file. So a test can
 * check that pieces are cut in silence and their words shifted back to the recording's clock.
 */
final class OpenAiFake implements AutoCloseable {
  static final String KEY = "sk-test-7a2b9c";
  static final int MAX_FILE = 25 * 1024 * 1024;

  final ContractServer server;
  final List<Map<String, byte[]>> forms = new CopyOnWriteArrayList<>();

  OpenAiFake() throws IOException {
    server = new ContractServer(this::route);
  }

  private Answer route(Received r) {
    if (!"POST".equals(r.method()) || !"/v1/audio/transcriptions".equals(r.path())) {
      return error(
          404, "Invalid URL (" + r.method() + " " + r.path() + ")", "invalid_request_error", null);
    }
    if (!("Bearer " + KEY).equals(r.header("Authorization"))) {
      return error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
    }
    String type = String.valueOf(r.header("Content-Type"));
    if (!type.startsWith("multipart/form-data; boundary=")) {
      return error(400, "Could not parse multipart form", "invalid_request_error", null);
    }
    Map<String, byte[]> form = parse(r.body(), type.substring(type.indexOf('=') + 1));
    forms.add(form);
    for (String required : List.of("file", "model")) {
      if (!form.containsKey(required)) {
        return error(
            400, "Missing required parameter: '" + required + "'.", "invalid_request_error", null);
      }
    }
    byte[] wav = form.get("file");
    if (wav.length > MAX_FILE) {
      return error(
          413,
          "Maximum content size limit (26214400) exceeded (" + wav.length + " bytes read)",
          "server_error",
          null);
    }
    if (wav.length < 44
        || !Arrays.equals(Arrays.copyOf(wav, 4), "RIFF".getBytes(StandardCharsets.US_ASCII))) {
      return error(
          400,
          "Invalid file format. Supported formats: ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']",
          "invalid_request_error",
          null);
    }
    if (!"verbose_json".equals(text(form, "response_format"))
        || !"word".equals(text(form, "timestamp_granularities[]"))) {
      return error(
          400,
          "timestamp_granularities requires response_format=verbose_json",
          "invalid_request_error",
          null);
    }
    return Answer.json(200, verbose(wav, text(form, "language")));
  }

  private static String verbose(byte[] wav, String language) {
    ByteBuffer pcm = ByteBuffer.wrap(wav, 44, wav.length - 44).order(ByteOrder.LITTLE_ENDIAN);
    List<String> words = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int frames = (wav.length - 44) / 320;
    int runStart = -1;
    for (int f = 0; f <= frames; f++) {
      boolean voiced = false;
      if (f < frames) {
        long energy = 0;
        for (int i = 0; i < 160; i++) {
          energy += Math.abs(pcm.getShort(44 + f * 320 + 2 * i));
        }
        voiced = energy / 160 > 1000;
      }
      if (voiced && runStart < 0) {
        runStart = f;
      } else if (!voiced && runStart >= 0) {
        String name = "w" + (f - runStart) * 10;
        names.add(name);
        words.add(
            "{\"word\":\"%s\",\"start\":%.2f,\"end\":%.2f}"
                .formatted(name, runStart / 100.0, f / 100.0));
        runStart = -1;
      }
    }
    return """
        {"task":"transcribe","language":"%s","duration":%.2f,"text":" %s",
         "words":[%s]}
        """
        .formatted(
            language == null ? "english" : "en".equals(language) ? "english" : language,
            frames / 100.0,
            String.join(" ", names),
            String.join(",", words));
  }

  private static String text(Map<String, byte[]> form, String name) {
    byte[] v = form.get(name);
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  /** A strict multipart/form-data reader: parts by boundary, names from Content-Disposition. */
  static Map<String, byte[]> parse(byte[] body, String boundary) {
    byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    byte[] data = new byte[body.length + 2];
    data[0] = '\r';
    data[1] = '\n';
    System.arraycopy(body, 0, data, 2, body.length);
    Map<String, byte[]> parts = new LinkedHashMap<>();
    int at = indexOf(data, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (data[start] == '-' && data[start + 1] == '-') {
        break;
      }
      int headersEnd = indexOf(data, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
      String headers = new String(data, start, headersEnd - start, StandardCharsets.UTF_8);
      int next = indexOf(data, delimiter, headersEnd + 4);
      String name = headers.replaceAll("(?s).*?; name=\"([^\"]*)\".*", "$1");
      parts.put(name, Arrays.copyOfRange(data, headersEnd + 4, next));
      at = next;
    }
    return parts;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static Answer error(int status, String message, String type, String code) {
    return Answer.json(
        status,
        "{\"error\":{\"message\":\"%s\",\"type\":\"%s\",\"param\":null,\"code\":%s}}"
            .formatted(
                message.replace("'", "'"), type, code == null ? "null" : "\"" + code + "\""));
  }

  @Override
  public void close() {
    server.close();
  }
}
