package io.conserver.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.functions.transcribe.quality.SpeechSet;
import io.conserver.functions.transcribe.quality.WordErrorRate;
import io.conserver.functions.transcribe.sphinx.PocketSphinxProvider;
import io.conserver.media.audio.AudioPipeline;
import io.conserver.platform.secrets.SecretRefs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Word error rate and real-time factor of the offline engine on the labelled speech set (a command,
 * never a test): {@code bench/speech [SET_DIR]}.
 *
 * <ul>
 *   <li>WER per part (dev, heldout), one engine run per utterance, as the stage runs per track;
 *   <li>RTF = wall time / audio time, per utterance (model loading included) and on one long
 *       recording (every utterance concatenated, about two minutes), alone and two at once (the 2
 *       cores of a stereo call, one engine per channel);
 *   <li>CPU RTF = CPU seconds / audio seconds, of the engine processes (the children's user +
 *       system time from /proc/self/stat) and of this JVM (decoding, resampling, feeding): what the
 *       work costs whatever else the machine is running.
 * </ul>
 */
public final class SpeechSetBenchmark {
  private SpeechSetBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir =
        Path.of(args.length > 0 ? args[0] : "functions/transcribe/src/test/resources/speech");
    SpeechSet set = SpeechSet.load(dir);
    Transcriber engine =
        new PocketSphinxProvider()
            .create(JsonNodeFactory.instance.objectNode(), SecretRefs.system());
    System.out.printf(
        "load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    for (String part : List.of("dev", "heldout")) {
      WordErrorRate.Errors errors = new WordErrorRate.Errors(0, 0);
      double audio = 0;
      long nanos = 0;
      Cpu cpu = Cpu.now();
      for (SpeechSet.Utterance u : set.part(part)) {
        long t0 = System.nanoTime();
        Progress.Done done = (Progress.Done) engine.transcribe(request(u.audio()));
        nanos += System.nanoTime() - t0;
        audio += done.transcript().duration().orElseThrow();
        WordErrorRate.Errors e = WordErrorRate.of(u.reference(), done.transcript().text());
        errors = errors.plus(e);
        if (e.edits() > 0) {
          System.out.printf(
              "  %s %s: %d edit(s): %s%n", part, u.id(), e.edits(), done.transcript().text());
        }
      }
      Cpu used = Cpu.now().minus(cpu);
      System.out.printf(
          "%-8s %2d utterances, %4d words: WER %.1f%% (%d edits); per utterance: RTF %.3f, CPU RTF"
              + " engine %.3f + JVM %.3f (%.1f s audio)%n",
          part,
          set.part(part).size(),
          errors.referenceWords(),
          100 * errors.rate(),
          errors.edits(),
          nanos / 1e9 / audio,
          used.children() / audio,
          used.self() / audio,
          audio);
    }
    Path call = concatenated(set);
    try {
      double seconds = (Files.size(call) - 44) / 32_000.0;
      Cpu cpu = Cpu.now();
      long t0 = System.nanoTime();
      engine.transcribe(request(call));
      double alone = (System.nanoTime() - t0) / 1e9;
      Cpu used = Cpu.now().minus(cpu);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      t0 = System.nanoTime();
      List<Future<Progress>> both = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        both.add(pool.submit(() -> engine.transcribe(request(call))));
      }
      for (Future<Progress> f : both) {
        f.get();
      }
      double twoAtOnce = (System.nanoTime() - t0) / 1e9;
      pool.shutdown();
      System.out.printf(
          "long recording %.1f s: one engine %.1f s (RTF %.3f; CPU RTF engine %.3f + JVM %.3f);"
              + " two at once %.1f s (RTF %.3f per stream)%n",
          seconds,
          alone,
          alone / seconds,
          used.children() / seconds,
          used.self() / seconds,
          twoAtOnce,
          twoAtOnce / seconds);
    } finally {
      Files.deleteIfExists(call);
    }
  }

  private static TranscriptionRequest request(Path file) {
    return new TranscriptionRequest(
        "019f0000-0000-8000-8000-000000000000", 0, -1, new FileAudio(file), Optional.empty(), 1);
  }

  /** Every utterance, decoded and joined into one 16 kHz WAV (a two-minute "call"). */
  private static Path concatenated(SpeechSet set) throws IOException {
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    for (SpeechSet.Utterance u : set.utterances()) {
      try (InputStream in = AudioPipeline.mono16k(Files.newInputStream(u.audio()))) {
        in.transferTo(pcm);
      }
    }
    byte[] bytes = pcm.toByteArray();
    Path wav = Files.createTempFile("speech-set-", ".wav");
    try (AudioInputStream in =
        new AudioInputStream(
            new java.io.ByteArrayInputStream(bytes), AudioPipeline.TARGET, bytes.length / 2)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, wav.toFile());
    }
    return wav;
  }

  /** CPU seconds of this JVM and of its exited children (engine processes). */
  private record Cpu(double self, double children) {
    static Cpu now() {
      try {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14), in ticks
        double tick = 100.0;
        double self =
            ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime()
                / 1e9;
        return new Cpu(self, (Long.parseLong(f[13]) + Long.parseLong(f[14])) / tick);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    Cpu minus(Cpu before) {
      return new Cpu(self - before.self, children - before.children);
    }
  }

  private record FileAudio(Path file) implements TranscriptionRequest.Audio {
    @Override
    public AudioInputStream pcm16kMono() throws IOException {
      return AudioPipeline.mono16k(Files.newInputStream(file));
    }

    @Override
    public InputStream original() throws IOException {
      return Files.newInputStream(file);
    }

    @Override
    public String mediatype() {
      return "audio/ogg";
    }

    @Override
    public long size() {
      return -1;
    }

    @Override
    public String contentHash() {
      return "";
    }

    @Override
    public Optional<URI> location() {
      return Optional.empty();
    }
  }
}
