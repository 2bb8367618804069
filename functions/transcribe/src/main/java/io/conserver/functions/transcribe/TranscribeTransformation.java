package io.conserver.functions.transcribe;

import io.conserver.functions.transcribe.engine.Progress;
import io.conserver.functions.transcribe.engine.Transcriber;
import io.conserver.functions.transcribe.engine.TranscriptionException;
import io.conserver.functions.transcribe.engine.TranscriptionRequest;
import io.conserver.media.DialogAudio;
import io.conserver.media.Media;
import io.conserver.media.MediaException;
import io.conserver.media.MediaSource;
import io.conserver.platform.fetch.FetchPolicy;
import io.conserver.platform.fetch.GuardedFetcher;
import io.conserver.platform.outside.TrustBoundary;
import io.conserver.platform.pipeline.JobGiveUp;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.runner.Usage;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Vcon;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The transcribe stage: one {@code transcript} analysis per recording dialog (per channel when the
 * dialog gives one channel per party), from the engine the stage's options choose. Text and other
 * dialogs are left as they are; a dialog that already has this engine's transcript is not redone.
 *
 * <p>An engine that runs as a job ({@link Progress.Pending}) gets a job record (see {@link
 * PendingJobs}) and the run ends without output; when the job's completion delivers the same input
 * again, the recorded jobs are resumed and the vCon is written once every track is done.
 */
public final class TranscribeTransformation implements Transformation {
  private final Engines engines;
  private final Supplier<GuardedFetcher> fetcher;

  public TranscribeTransformation() {
    this(Engines.installed(), () -> new GuardedFetcher(FetchPolicy.defaults()));
  }

  TranscribeTransformation(Engines engines, Supplier<GuardedFetcher> fetcher) {
    this.engines = engines;
    this.fetcher = fetcher;
  }

  @Override
  public String function() {
    return "transcribe";
  }

  @Override
  public StageResult apply(StageInput input) throws Exception {
    Vcon vcon = input.vcon();
    Transcriber engine = engines.choose(input.options());
    Run run = new Run(input, vcon, engine, new MediaSource(input.media(), fetcher.get()));
    List<Dialog> dialogs = vcon.dialogs();
    for (int d = 0; d < dialogs.size(); d++) {
      run.dialog(d, dialogs.get(d));
    }
    if (!run.pending.isEmpty()) {
      return StageResult.nothing(
          "waiting for transcription jobs: " + String.join(", ", run.pending));
    }
    if (run.added.isEmpty()) {
      String reason =
          run.transcribedBefore
              ? "already transcribed by " + engine.vendor() + " " + engine.product()
              : "no recording to transcribe";
      return new StageResult(vcon, run.warnings, Usage.NONE, Optional.of(reason));
    }
    Vcon.Builder out = vcon.toBuilder();
    run.added.forEach(out::addAnalysis);
    return StageResult.of(out.build(), run.warnings, new Usage(run.audioSeconds));
  }

  /** The state of one run over one vCon. */
  private static final class Run {
    private final StageInput input;
    private final Vcon vcon;
    private final Transcriber engine;
    private final MediaSource media;
    private final PendingJobs jobs;
    private final JobGiveUp giveUp;
    private final Optional<String> language;
    final List<io.conserver.vcon.Analysis> added = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> pending = new ArrayList<>();
    boolean transcribedBefore;
    double audioSeconds;

    Run(StageInput input, Vcon vcon, Transcriber engine, MediaSource media) {
      this.input = input;
      this.vcon = vcon;
      this.engine = engine;
      this.media = media;
      this.jobs = new PendingJobs(input.jobs());
      this.giveUp = JobGiveUp.of(input.options());
      this.language = Optional.ofNullable(input.options().path("language").textValue());
    }

    void dialog(int d, Dialog dialog) throws Exception {
      String type = dialog.type().orElse("");
      if (type.equals("recording-set")) {
        warnings.add("skipped:dialog/" + d + ":recording-set (its recordings are transcribed)");
        return;
      }
      if (!type.equals("recording")) {
        return; // text, transfer, incomplete: nothing to hear
      }
      if (!dialog.isInline() && dialog.url().isEmpty()) {
        warnings.add("skipped:dialog/" + d + ":no media yet");
        return;
      }
      try (Media bytes = media.open(dialog)) {
        for (DialogAudio.Track track : DialogAudio.tracks(dialog, bytes)) {
          track(d, dialog, bytes, track);
        }
      } catch (MediaException e) {
        throw mediaFailure(d, e);
      }
    }

    private void track(int d, Dialog dialog, Media bytes, DialogAudio.Track track)
        throws Exception {
      int channel = track.channel();
      if (TranscriptEntry.exists(vcon, engine, d, channel)) {
        transcribedBefore = true;
        return;
      }
      Optional<URI> location =
          bytes.key().flatMap(input.media()::locationOf).or(() -> dialog.url().map(URI::create));
      TranscriptionRequest request =
          new TranscriptionRequest(
              vcon.uuid(),
              d,
              channel,
              new TrackAudio(dialog, bytes, track, location),
              language,
              track.parties().size());
      Optional<PendingJobs.Job> started = jobs.of(vcon.uuid(), d, channel);
      Optional<String> gaveUp = started.flatMap(jobs::closure);
      if (gaveUp.isPresent()) {
        // Given up before (a sweep that raced the one that gave up, or a late event): same answer.
        throw gaveUp(d, gaveUp.get());
      }
      Progress progress;
      try {
        progress =
            started.isPresent() ? engine.resume(started.get().jobId()) : engine.transcribe(request);
      } catch (TranscriptionException e) {
        throw engineFailure(d, channel, e);
      }
      String where = "dialog/" + d + (channel >= 0 ? "/channel/" + channel : "");
      if (engine.boundary() == TrustBoundary.THIRD_PARTY) {
        warnings.add("sent_outside:" + engine.vendor() + ":" + where);
      }
      if (progress instanceof Progress.Pending job) {
        if (started.isEmpty()) {
          jobs.record(
              new PendingJobs.Job(
                  engine.vendor(),
                  job.jobId(),
                  input.object().key(),
                  vcon.uuid(),
                  d,
                  channel,
                  input.clock().instant()));
        } else if (giveUp.expired(started.get().startedAt(), input.clock().instant())) {
          throw gaveUp(d, channel, started.get());
        }
        pending.add(where);
        return;
      }
      var transcript = ((Progress.Done) progress).transcript();
      double seconds =
          transcript
              .duration()
              .or(() -> dialog.duration().map(java.math.BigDecimal::doubleValue))
              .orElse(0.0);
      audioSeconds += seconds;
      added.add(TranscriptEntry.of(engine, d, channel, track.parties(), transcript, seconds));
    }

    /**
     * A job past the stage's give-up age will not complete: its track is closed (never polled
     * again) and the input quarantined with what to do; a retry of it starts a new job.
     */
    private InvalidInputException gaveUp(int d, int channel, PendingJobs.Job job) {
      String reason =
          "dialog "
              + d
              + (channel >= 0 ? " channel " + channel : "")
              + ": the "
              + job.engine()
              + " transcription job "
              + job.jobId()
              + " started at "
              + job.startedAt()
              + " has not completed within "
              + JobGiveUp.OPTION
              + " "
              + giveUp.after()
              + "; gave up on it";
      jobs.close(job, reason, input.clock().instant());
      return gaveUp(d, reason);
    }

    private static InvalidInputException gaveUp(int d, String reason) {
      return new InvalidInputException(
          reason,
          List.of(
              "/dialog/" + d + ": retrying this quarantined input starts a new transcription job",
              "a longer stage option \"" + JobGiveUp.OPTION + "\" waits longer"));
    }

    private static Exception mediaFailure(int d, MediaException e) {
      String reason = "dialog " + d + ": " + e.getMessage();
      return e.retryable()
          ? new java.io.IOException(reason, e)
          : new InvalidInputException(reason, List.of("/dialog/" + d + ": " + e.getMessage()));
    }

    private static Exception engineFailure(int d, int channel, TranscriptionException e) {
      String reason =
          "dialog " + d + (channel >= 0 ? " channel " + channel : "") + ": " + e.getMessage();
      return e.kind() == TranscriptionException.Kind.PERMANENT
          ? new InvalidInputException(reason, List.of("/dialog/" + d + ": " + e.getMessage()))
          : new java.io.IOException(reason, e);
    }
  }
}
