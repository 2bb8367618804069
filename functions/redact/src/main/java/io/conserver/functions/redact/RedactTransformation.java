package io.conserver.functions.redact;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.functions.redact.detect.DetectionContext;
import io.conserver.functions.redact.detect.Detectors;
import io.conserver.media.MediaException;
import io.conserver.media.MediaSource;
import io.conserver.platform.fetch.FetchPolicy;
import io.conserver.platform.fetch.GuardedFetcher;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.runner.Usage;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The redact stage: a redacted copy of the vCon ({@link Vcon#redactedCopy}: a uuid derived from the
 * original's, {@code redacted} pointing at it by uuid and content hash) with personal data replaced
 * by typed placeholders in the subject, text dialogs, transcripts (text and words), translations,
 * other analyses and attachments; recordings masked from the transcripts' word timings and stored
 * as new media; the parties' identifiers masked per policy; and a {@code redaction-report}
 * analysis. The runner stores it under the conversation id, and deletes the earlier copies when the
 * declaration says {@code "original": "drop"}.
 */
public final class RedactTransformation implements Transformation {
  static final String FUNCTION = "redact";
  static final String REDACTION_TYPE = "pii";

  /** Party members that identify a person; masked (removed) unless the policy keeps them. */
  static final List<String> IDENTIFIERS =
      List.of("name", "tel", "mailto", "sip", "did", "stir", "gmlpos", "civicaddress", "jcard");

  private final Supplier<GuardedFetcher> fetcher;

  public RedactTransformation() {
    this(() -> new GuardedFetcher(FetchPolicy.defaults()));
  }

  RedactTransformation(Supplier<GuardedFetcher> fetcher) {
    this.fetcher = fetcher;
  }

  @Override
  public String function() {
    return FUNCTION;
  }

  @Override
  public boolean dropsEarlierCopies(StageDeclaration stage) {
    try {
      return RedactOptions.of(stage.options()).dropOriginal();
    } catch (InvalidInputException e) {
      return false; // apply() refuses the declaration first; nothing is written, nothing dropped
    }
  }

  @Override
  public StageResult apply(StageInput input) throws Exception {
    RedactOptions options = RedactOptions.of(input.options());
    Vcon original = input.vcon();
    if (original.uuid().isEmpty()) {
      throw new InvalidInputException("the vCon has no uuid");
    }
    Detectors detectors = Detectors.named(options.detectors());
    List<String> names = new ArrayList<>();
    original.parties().forEach(p -> p.name().ifPresent(names::add));
    RedactionReport report = new RedactionReport();
    TextRedactor text = new TextRedactor(detectors, new DetectionContext(names), report);
    Vcon.Builder copy = original.redactedCopy(REDACTION_TYPE, input.clock());

    original.subject().ifPresent(subject -> copy.subject(text.member("subject", subject)));
    List<ObjectNode> dialogs = new ArrayList<>();
    for (int i = 0; i < original.dialogs().size(); i++) {
      ObjectNode dialog = original.dialogs().get(i).toJson();
      if (TextRedactor.isMedia(dialog)) {
        text.filename("dialog", i, dialog);
      } else {
        text.content("dialog", i, dialog);
      }
      dialogs.add(dialog);
    }
    List<TextRedactor.TranscriptSpans> transcripts = new ArrayList<>();
    for (int i = 0; i < original.analysis().size(); i++) {
      ObjectNode analysis = original.analysis().get(i).toJson();
      if (RedactionReport.TYPE.equals(analysis.path("type").asText())) {
        continue; // an earlier report holds positions only
      }
      TextRedactor.TranscriptSpans spans = text.content("analysis", i, analysis);
      if (spans != null) {
        transcripts.add(spans);
      }
      copy.replace("analysis", i, analysis);
    }
    for (int i = 0; i < original.attachments().size(); i++) {
      ObjectNode attachment = original.attachments().get(i).toJson();
      text.content("attachments", i, attachment);
      copy.replace("attachments", i, attachment);
    }
    double audioSeconds = redactAudio(input, options, original, dialogs, transcripts, report);
    for (int i = 0; i < dialogs.size(); i++) {
      copy.replace("dialog", i, dialogs.get(i));
    }
    if (options.maskParties()) {
      maskParties(original, copy, report);
    }
    copy.addAnalysis(
        report.toAnalysis(
            detectors.list().stream().map(d -> d.name()).toList(),
            options.maskParties() ? "mask" : "keep"));
    List<String> warnings = new ArrayList<>();
    report.counts().forEach((type, n) -> warnings.add("redacted:" + type + ":" + n));
    return StageResult.of(copy.build(), warnings, new Usage(audioSeconds));
  }

  private double redactAudio(
      StageInput input,
      RedactOptions options,
      Vcon original,
      List<ObjectNode> dialogs,
      List<TextRedactor.TranscriptSpans> transcripts,
      RedactionReport report)
      throws Exception {
    AudioRedactor audio = null; // made on first need: the fetcher sets up TLS
    double seconds = 0;
    for (int i = 0; i < dialogs.size(); i++) {
      ObjectNode dialog = dialogs.get(i);
      if (!TextRedactor.isMedia(dialog) || !(dialog.has("url") || dialog.has("body"))) {
        continue;
      }
      int index = i;
      List<TextRedactor.TranscriptSpans> mine =
          transcripts.stream().filter(t -> t.dialog() == index).toList();
      if (mine.isEmpty()) {
        AudioRedactor.removeContent(dialog);
        report.removed("dialog", i, "no transcript: the recording cannot be checked");
        continue;
      }
      if (mine.stream().allMatch(t -> t.spans().isEmpty())) {
        continue; // nothing was said that needs masking: the recording stays as it is
      }
      Dialog source = original.dialogs().get(i);
      if (audio == null) {
        audio =
            new AudioRedactor(
                new MediaSource(input.media(), fetcher.get()),
                input.media(),
                options.fill(),
                options.marginMs());
      }
      try {
        AudioRedactor.Result result = audio.redact(source, mine);
        AudioRedactor.pointAt(dialog, result.media());
        report.audio(
            i,
            result.ranges(),
            result.maskedSeconds(),
            options.fill().name().toLowerCase(java.util.Locale.ROOT),
            options.marginMs());
        seconds += result.durationSeconds();
      } catch (MediaException e) {
        if (e.retryable()) {
          throw e;
        }
        throw new InvalidInputException(
            "dialog " + i + ": the recording cannot be redacted: " + e.getMessage(),
            List.of("/dialog/" + i + ": " + e.getMessage()));
      }
    }
    return seconds;
  }

  private static void maskParties(Vcon original, Vcon.Builder copy, RedactionReport report) {
    List<Party> parties = original.parties();
    for (int i = 0; i < parties.size(); i++) {
      ObjectNode party = parties.get(i).toJson();
      List<String> masked = IDENTIFIERS.stream().filter(party::has).toList();
      if (!masked.isEmpty()) {
        party.remove(masked);
        copy.replace("parties", i, party);
        report.partyMasked(i, masked);
      }
    }
  }
}
