package io.conserver.functions.transcribe.sphinx;

import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.Transcript;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.functions.transcribe.engine.TranscriptionException.Kind;
import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.platform.outside.TrustBoundary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * CMU PocketSphinx (Debian's 0.8+5prealpha, US English model) run as a child process: the dialog's
 * audio is decoded and resampled by the shared media pipeline and streamed into its stdin as 16 kHz
 * mono 16-bit PCM while its word timings are read from stdout, so no recording is ever held whole.
 * Offline: the audio never leaves the function.
 */
public final class PocketSphinxTranscriber implements Transcriber {
  public static final String VENDOR = "cmu";
  public static final String PRODUCT = "pocketsphinx-5prealpha";
  static final String LANGUAGE = "en-US";
  private static final double PCM_BYTES_PER_SECOND = 16_000 * 2;

  private final Optional<Path> binary;
  private final Duration timeout;
  private final List<String> decoderFlags;

  /**
   * @param binary the {@code pocketsphinx_continuous} to run, empty when none is installed
   * @param timeout how long one track may take before the run is abandoned (and retried)
   * @param decoderFlags extra decoder options, e.g. {@code -ds 2}
   */
  public PocketSphinxTranscriber(
      Optional<Path> binary, Duration timeout, List<String> decoderFlags) {
    this.binary = binary;
    this.timeout = timeout;
    this.decoderFlags = List.copyOf(decoderFlags);
  }

  @Override
  public String vendor() {
    return VENDOR;
  }

  @Override
  public String product() {
    return PRODUCT;
  }

  @Override
  public TrustBoundary boundary() {
    return TrustBoundary.OFFLINE;
  }

  @Override
  public Progress transcribe(TranscriptionRequest request) throws TranscriptionException {
    Path program =
        binary.orElseThrow(
            () -> new TranscriptionException(Kind.PERMANENT, SphinxBinary.INSTALL_HINT));
    Optional<String> hint = request.languageHint();
    if (hint.isPresent() && !hint.get().toLowerCase(java.util.Locale.ROOT).startsWith("en")) {
      throw new TranscriptionException(
          Kind.PERMANENT,
          "the offline engine has the en-US model only, not "
              + hint.get()
              + ": declare a cloud engine for this language");
    }
    List<String> command = new ArrayList<>(List.of(program.toString(), "-infile", "/dev/stdin"));
    command.addAll(List.of("-time", "yes"));
    command.addAll(decoderFlags);
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new TranscriptionException(
          Kind.PERMANENT, "cannot start " + program + ": " + e.getMessage(), e);
    }
    try {
      return new Progress.Done(run(process, request));
    } finally {
      process.destroyForcibly();
    }
  }

  private Transcript run(Process process, TranscriptionRequest request)
      throws TranscriptionException {
    TailBuffer stderr = new TailBuffer(process.getErrorStream());
    PcmFeeder feeder = new PcmFeeder(request.audio(), process.getOutputStream());
    AtomicBoolean timedOut = new AtomicBoolean();
    Thread errors = daemon(stderr, "pocketsphinx-stderr");
    Thread feeding = daemon(feeder, "pocketsphinx-stdin");
    Thread watchdog =
        daemon(
            () -> {
              try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                  timedOut.set(true);
                  process.destroyForcibly();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "pocketsphinx-watchdog");
    List<Transcript.Word> words;
    int exit;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      words = SphinxOutput.read(out);
      exit = process.waitFor();
      feeding.join();
      errors.join();
    } catch (IOException e) {
      throw timedOut.get()
          ? timeout()
          : new TranscriptionException(Kind.TRANSIENT, "reading pocketsphinx output failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TranscriptionException(Kind.TRANSIENT, "interrupted while transcribing", e);
    } finally {
      watchdog.interrupt();
    }
    if (timedOut.get()) {
      throw timeout();
    }
    Optional<TranscriptionException> audioFailure = feeder.failure();
    if (audioFailure.isPresent()) {
      throw audioFailure.get(); // the audio's own fault explains an exit better than the exit
    }
    if (exit != 0) {
      throw new TranscriptionException(
          Kind.PERMANENT, "pocketsphinx failed (exit " + exit + "): " + stderr.errors());
    }
    words = DigitHomophones.restore(words);
    String text = words.stream().map(Transcript.Word::text).collect(Collectors.joining(" "));
    Optional<Double> confidence =
        words.isEmpty()
            ? Optional.empty()
            : Optional.of(
                words.stream().mapToDouble(Transcript.Word::confidence).average().orElse(0));
    return new Transcript(
        text, LANGUAGE, words, confidence, Optional.of(feeder.bytesFed() / PCM_BYTES_PER_SECOND));
  }

  private TranscriptionException timeout() {
    return new TranscriptionException(
        Kind.TRANSIENT, "pocketsphinx did not finish within " + timeout.toSeconds() + " s");
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
