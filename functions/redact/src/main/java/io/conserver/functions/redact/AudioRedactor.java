package io.conserver.functions.redact;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.redact.text.WordsRedaction;
import io.conserver.media.Media;
import io.conserver.media.MediaException;
import io.conserver.media.MediaSource;
import io.conserver.media.audio.AudioPipeline;
import io.conserver.media.audio.SpanMasker;
import io.conserver.media.audio.WavFile;
import io.conserver.platform.media.MediaRef;
import io.conserver.platform.media.MediaStore;
import io.conserver.vcon.Dialog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

/**
 * Masks the redacted words of a recording: the transcripts' word timings become sample ranges
 * (widened by the margin; per channel for per-channel transcripts, every channel for a downmix),
 * the audio is decoded and masked as it streams into a temporary WAV file at the source's rate and
 * channel count, and the file is stored as new content-addressed media. Memory stays constant
 * whatever the length of the recording; the same input always gives the same bytes.
 */
final class AudioRedactor {
  static final String WAV = "audio/x-wav";

  /** The masked recording: the new media and how much was masked. */
  record Result(MediaRef media, int ranges, double maskedSeconds, double durationSeconds) {}

  private final MediaSource sources;
  private final MediaStore store;
  private final SpanMasker.Fill fill;
  private final double marginSeconds;

  AudioRedactor(MediaSource sources, MediaStore store, SpanMasker.Fill fill, int marginMs) {
    this.sources = sources;
    this.store = store;
    this.fill = fill;
    this.marginSeconds = marginMs / 1000.0;
  }

  /**
   * @throws MediaException when the media cannot be had or decoded
   */
  Result redact(Dialog dialog, List<TextRedactor.TranscriptSpans> transcripts) throws IOException {
    Path wav = Files.createTempFile("conserver-redact-", ".wav");
    try (Media media = sources.open(dialog)) {
      long frames;
      List<SpanMasker.Range> ranges = new ArrayList<>();
      int channels;
      float rate;
      try (AudioInputStream pcm = AudioPipeline.pcm16(media.open())) {
        AudioFormat format = pcm.getFormat();
        channels = format.getChannels();
        rate = format.getSampleRate();
        for (TextRedactor.TranscriptSpans t : transcripts) {
          int channel = t.channel() < channels ? t.channel() : -1;
          for (WordsRedaction.Span span : t.spans()) {
            if (span.start() >= 0 && span.end() >= 0) {
              ranges.add(
                  SpanMasker.Range.ofSeconds(
                      channel, span.start(), span.end(), marginSeconds, rate));
            }
          }
        }
        SpanMasker masked = new SpanMasker(pcm, channels, rate, ranges, fill);
        frames = WavFile.write(masked, channels, Math.round(rate), wav) / (2L * channels);
      }
      MediaRef ref = store.importFile(wav, WAV);
      double maskedSeconds =
          ranges.stream()
                  .mapToLong(r -> Math.min(r.endFrame(), frames) - Math.min(r.startFrame(), frames))
                  .sum()
              / (double) rate;
      return new Result(ref, ranges.size(), maskedSeconds, frames / (double) rate);
    } finally {
      Files.deleteIfExists(wav);
    }
  }

  /** Points a dialog at the redacted media (by reference: inline audio becomes external). */
  static void pointAt(ObjectNode dialog, MediaRef media) {
    dialog.remove(List.of("body", "encoding", "url", "content_hash"));
    if (dialog.path("filename").isTextual()) { // already redacted as text
      String name = dialog.path("filename").textValue().replaceFirst("\\.[A-Za-z0-9]{1,5}$", "");
      dialog.put("filename", name + "-redacted.wav");
    }
    dialog.put("url", media.url());
    dialog.put("content_hash", media.contentHash().toString());
    dialog.put("mediatype", WAV);
  }

  /** Removes a recording's content: it could not be checked (no transcript to go by). */
  static void removeContent(ObjectNode dialog) {
    dialog.remove(List.of("body", "encoding", "url", "content_hash", "filename"));
  }
}
