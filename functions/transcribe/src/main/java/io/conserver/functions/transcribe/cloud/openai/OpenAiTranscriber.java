package io.conserver.functions.transcribe.cloud.openai;

import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.PERMANENT;
import static io.conserver.functions.transcribe.engine.TranscriptionException.Kind.TRANSIENT;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.transcribe.cloud.DigitWords;
import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.Transcript;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.vendor.VendorHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

/**
 * OpenAI audio transcription ({@code POST /v1/audio/transcriptions}, multipart, {@code
 * verbose_json} with word timestamps). The API takes files of at most 25 MB, so the decoded 16 kHz
 * mono audio is sent as WAV pieces of bounded length (see {@link PcmChunker}), one request each,
 * and the words of each piece are shifted by where the piece starts. A third party: the stage calls
 * it only where the pipeline opts in.
 *
 * <p>The API gives no per-word confidence nor speakers: words carry confidence -1 (unknown) and
 * speaker -1.
 */
final class OpenAiTranscriber implements Transcriber {
  static final double UNKNOWN_CONFIDENCE = -1;

  /** Pieces shorter than the API's minimum (0.1 s) hold no words and are not sent. */
  private static final double MIN_SECONDS = 0.1;

  private final URI endpoint;
  private final String apiKey;
  private final String model;
  private final Optional<String> language;
  private final int pieceSeconds;
  private final VendorHttp<TranscriptionException> http;

  OpenAiTranscriber(
      URI endpoint,
      String apiKey,
      String model,
      Optional<String> language,
      int pieceSeconds,
      VendorHttp<TranscriptionException> http) {
    this.endpoint = endpoint;
    this.apiKey = apiKey;
    this.model = model;
    this.language = language;
    this.pieceSeconds = pieceSeconds;
    this.http = http;
  }

  @Override
  public String vendor() {
    return "openai";
  }

  @Override
  public String product() {
    return model;
  }

  @Override
  public TrustBoundary boundary() {
    return TrustBoundary.THIRD_PARTY;
  }

  @Override
  public Progress transcribe(TranscriptionRequest request) throws TranscriptionException {
    Optional<String> bcp47 = request.languageHint().or(() -> language);
    Optional<String> iso639 = bcp47.map(tag -> Locale.forLanguageTag(tag).getLanguage());
    List<Transcript.Word> words = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    String detected = null;
    try (AudioInputStream pcm = request.audio().pcm16kMono();
        PcmChunker chunker =
            new PcmChunker(
                checked(pcm),
                (long) pieceSeconds * PcmChunker.BYTES_PER_SECOND,
                Path.of(System.getProperty("java.io.tmpdir")))) {
      Optional<PcmChunker.Piece> next;
      while ((next = chunker.next()).isPresent()) {
        PcmChunker.Piece piece = next.get();
        try {
          if (piece.seconds() < MIN_SECONDS) {
            continue;
          }
          JsonNode answer = http.send(upload(piece, iso639));
          texts.add(answer.path("text").asText("").strip());
          for (JsonNode w : answer.path("words")) {
            words.add(
                new Transcript.Word(
                    w.path("word").asText(),
                    piece.offsetSeconds() + w.path("start").asDouble(),
                    piece.offsetSeconds() + w.path("end").asDouble(),
                    UNKNOWN_CONFIDENCE,
                    -1));
          }
          if (detected == null && answer.hasNonNull("language")) {
            detected = answer.get("language").asText();
          }
        } finally {
          Files.deleteIfExists(piece.file());
        }
      }
    } catch (IOException e) {
      throw new TranscriptionException(
          PERMANENT, "openai: the audio could not be decoded: " + e.getMessage(), e);
    }
    String lang = bcp47.orElse(languageTagOf(detected));
    Transcript transcript =
        new Transcript(
            String.join(" ", texts.stream().filter(t -> !t.isEmpty()).toList()),
            lang,
            words,
            Optional.empty());
    return new Progress.Done(DigitWords.spell(transcript));
  }

  private static AudioInputStream checked(AudioInputStream pcm) throws IOException {
    AudioFormat f = pcm.getFormat();
    if (f.getSampleRate() != 16_000f
        || f.getChannels() != 1
        || f.getSampleSizeInBits() != 16
        || f.isBigEndian()
        || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
      throw new IOException("expected 16 kHz 16-bit signed little-endian mono PCM, got " + f);
    }
    return pcm;
  }

  private HttpRequest.Builder upload(PcmChunker.Piece piece, Optional<String> iso639)
      throws TranscriptionException {
    Multipart form = new Multipart();
    form.field("model", model);
    form.field("response_format", "verbose_json");
    form.field("timestamp_granularities[]", "word");
    form.field("temperature", "0");
    iso639.ifPresent(l -> form.field("language", l));
    try {
      return HttpRequest.newBuilder(endpoint.resolve("/v1/audio/transcriptions"))
          .header("Authorization", "Bearer " + apiKey)
          .header("Content-Type", form.contentType())
          .POST(form.withWav("file", "piece-%04d.wav".formatted(piece.index()), piece.file()));
    } catch (IOException e) {
      throw new TranscriptionException(TRANSIENT, "openai: could not read a spooled piece", e);
    }
  }

  /** OpenAI answers the language's English name ("english"); the transcript wants BCP 47. */
  static String languageTagOf(String name) {
    if (name == null || name.isBlank()) {
      return "und";
    }
    if (name.length() <= 3) {
      return name.toLowerCase(Locale.ROOT);
    }
    for (String code : Locale.getISOLanguages()) {
      if (Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH).equalsIgnoreCase(name)) {
        return code;
      }
    }
    return "und";
  }
}
