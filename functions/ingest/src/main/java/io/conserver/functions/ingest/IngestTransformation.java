package io.conserver.functions.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.functions.ingest.envelope.EnvelopeKeys;
import io.conserver.functions.ingest.envelope.Envelopes;
import io.conserver.functions.ingest.sources.ChatTranscript;
import io.conserver.functions.ingest.sources.InboxNames;
import io.conserver.functions.ingest.sources.MediaFetch;
import io.conserver.functions.ingest.sources.MediaKind;
import io.conserver.functions.ingest.sources.RecordingDrop;
import io.conserver.functions.ingest.sources.Sidecar;
import io.conserver.functions.ingest.sources.SidecarPending;
import io.conserver.functions.ingest.sources.SourceContext;
import io.conserver.functions.ingest.sources.SourceFormat;
import io.conserver.functions.ingest.sources.SourceFormats;
import io.conserver.platform.fetch.FetchPolicy;
import io.conserver.platform.fetch.GuardedFetcher;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.platform.runner.StageInput;
import io.conserver.platform.runner.StageMisconfiguredException;
import io.conserver.platform.runner.StageResult;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.runner.Usage;
import io.conserver.platform.secrets.SecretRefs;
import io.conserver.platform.secrets.TenantKeys;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconForm;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconParseException;
import io.conserver.vcon.VconUuid;
import io.conserver.vcon.validation.ValidationIssue;
import io.conserver.vcon.validation.ValidationMode;
import io.conserver.vcon.validation.ValidationReport;
import io.conserver.vcon.validation.VconValidator;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The first stage: turns whatever was dropped in the pipeline's inbox into a valid vCon, stored
 * under the conversation id. Drops are recognised by content, never by name:
 *
 * <ul>
 *   <li>a vCon (plain form): validated leniently (what real producers get wrong becomes a ledger
 *       warning) and normalised: its {@code uuid} is kept (a missing one is assigned, derived from
 *       the drop, so a redelivery gets the same id; a malformed one is an error: a producer's id is
 *       never replaced), a missing {@code created_at} is set to the upload time, everything else is
 *       kept exactly;
 *   <li>an audio or video file (WAV, MP3, Ogg, FLAC, MP4, WebM) with an optional JSON sidecar of
 *       the same name: a vCon with one recording dialog referring to the media, copied to the
 *       tenant's content-addressed media; a missing sidecar is waited for {@code sidecar_wait_s}
 *       seconds after the upload (option, default 10);
 *   <li>a chat transcript in the generic chat shape: one text dialog per message;
 *   <li>a record of a source system ({@link SourceFormats}: Amazon Connect CTR, Genesys Cloud
 *       conversation detail, Twilio recording callback, JSON or form-encoded, Zoom
 *       recording.completed, Microsoft Teams recording notification), converted by its {@link
 *       SourceFormat} (a Teams notification after Microsoft Graph described the recording);
 *   <li>an e-mail (.eml) or a thread of them (mbox): one text dialog per message;
 *   <li>SIPREC recording metadata (RFC 7865 XML): one recording dialog per session;
 *   <li>a sidecar: nothing on its own (it is read with its recording).
 * </ul>
 *
 * What cannot be recognised, or what even lenient validation rejects, is quarantined with the
 * validator's JSON-pointer errors. Signed and encrypted vCons are opened with the tenant's keys
 * ({@link Envelopes}): the verified inner vCon continues, with what was checked in the ledger.
 */
public final class IngestTransformation implements Transformation {
  static final Duration DEFAULT_SIDECAR_WAIT = Duration.ofSeconds(10);

  private final Envelopes envelopes;
  private final MediaFetch mediaFetch;

  /**
   * Keys and credentials by reference from the environment ({@link EnvelopeKeys}, {@link
   * MediaFetch}); recordings fetched under the guard's default policy.
   */
  public IngestTransformation() {
    this(
        new EnvelopeKeys(SecretRefs.system(), TenantKeys.fromEnvironment()),
        new MediaFetch(new GuardedFetcher(FetchPolicy.defaults()), SecretRefs.system()));
  }

  public IngestTransformation(EnvelopeKeys keys, MediaFetch media) {
    this.envelopes = new Envelopes(keys);
    this.mediaFetch = media;
  }

  @Override
  public String function() {
    return "ingest";
  }

  @Override
  public StageResult apply(StageInput input) throws Exception {
    Optional<MediaKind> media = MediaKind.detect(input.head(MediaKind.HEAD_BYTES));
    if (media.isPresent()) {
      Vcon recording =
          RecordingDrop.convert(input, media.get(), sidecarWait(input), contentDerivedId(input));
      return validated(recording, new ArrayList<>());
    }
    byte[] head = input.head(SourceFormats.TEXT_HEAD_BYTES);
    Optional<Vcon> text = SourceFormats.convertText(head, context(input));
    if (text.isPresent()) {
      List<String> notes = new ArrayList<>();
      Optional<JsonNode> record = SourceFormats.textRecord(head, input.content());
      return validated(
          record.isPresent()
              ? mediaFetch.resolve(text.get(), record.get(), input, notes)
              : text.get(),
          notes);
    }
    JsonNode document = json(input);
    Optional<SourceFormat> format = SourceFormats.recognise(document);
    if (format.isPresent()) {
      List<String> notes = new ArrayList<>();
      JsonNode record = mediaFetch.prepare(format.get(), document, input, notes);
      Vcon converted = format.get().convert(record, context(input));
      return validated(mediaFetch.resolve(converted, record, input, notes), notes);
    }
    if (Sidecar.looksLike(document)) {
      // Only a sidecar-shaped document looks for its recording: that lists the inbox by name,
      // which a vCon or chat export (most drops, every HTTP submission) need not pay for.
      if (InboxNames.recordingOf(input).isPresent()) {
        return StageResult.nothing("sidecar of a recording, read with it");
      }
      // Drops arrive in any order: give the recording the same time a recording gives its sidecar.
      if (age(input).compareTo(sidecarWait(input)) < 0) {
        throw SidecarPending.recordingOf(input.object().key());
      }
      throw new InvalidInputException(
          "a sidecar without its recording: no audio or video beside "
              + InboxNames.fileName(input.object().key()));
    }
    if (ChatTranscript.recognises(document)) {
      OffsetDateTime uploaded =
          OffsetDateTime.ofInstant(input.object().lastModified(), ZoneOffset.UTC);
      return validated(
          ChatTranscript.convert(document, contentDerivedId(input), uploaded), new ArrayList<>());
    }
    return normalisedVcon(input, document);
  }

  private static SourceContext context(StageInput input) {
    return new SourceContext(
        contentDerivedId(input),
        OffsetDateTime.ofInstant(input.object().lastModified(), ZoneOffset.UTC),
        input);
  }

  private static JsonNode json(StageInput input) throws InvalidInputException {
    int first = SourceFormats.firstSignificantByte(input.head(64));
    if (first != -1 && first != '{' && first != '[') {
      throw new InvalidInputException(
          "not recognised: neither JSON (vCon, chat transcript, sidecar, Connect CTR, Twilio "
              + "callback), e-mail, SIPREC XML, nor audio or video (WAV, MP3, Ogg, FLAC, MP4, WebM)");
    }
    JsonNode document;
    try {
      document = VconJson.codec().read(input.content());
    } catch (VconParseException e) {
      throw new InvalidInputException("not a vCon: " + e.getMessage());
    }
    if (!document.isObject()) {
      throw new InvalidInputException("not a vCon: the document is not a JSON object");
    }
    return document;
  }

  private StageResult normalisedVcon(StageInput input, JsonNode document)
      throws InvalidInputException, StageMisconfiguredException {
    List<String> warnings = new ArrayList<>();
    if (VconForm.of(document) != VconForm.UNSIGNED) {
      Envelopes.Opened opened = envelopes.open(document, input);
      document = opened.vcon();
      warnings.addAll(opened.notes());
    }
    Vcon.Builder normalised = Vcon.of(document).toBuilder();
    if (!document.has("uuid")) {
      String assigned = contentDerivedId(input).toString();
      normalised.set("uuid", assigned);
      warnings.add("/uuid: normalised: assigned " + assigned);
    }
    if (!document.has("created_at")) {
      normalised.set(
          "created_at", OffsetDateTime.ofInstant(input.object().lastModified(), ZoneOffset.UTC));
      warnings.add("/created_at: normalised: set to the upload time");
    }
    return validated(normalised.build(), warnings);
  }

  // One validation for every kind of drop, so a converted recording or chat is held to the
  // same standard as a vCon that arrived as one.
  private static StageResult validated(Vcon vcon, List<String> warnings)
      throws InvalidInputException {
    ValidationReport report = VconValidator.validate(vcon.toJson(), ValidationMode.LENIENT);
    if (!report.errors().isEmpty()) {
      List<String> errors = describe(report.errors());
      String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
      throw new InvalidInputException("vCon fails validation: " + errors.get(0) + more, errors);
    }
    warnings.addAll(describe(report.warnings()));
    return StageResult.of(vcon, warnings, Usage.NONE);
  }

  private static Duration age(StageInput input) {
    return Duration.between(input.object().lastModified(), input.clock().instant());
  }

  private static Duration sidecarWait(StageInput input) {
    JsonNode seconds = input.options().get("sidecar_wait_s");
    return seconds != null && seconds.canConvertToLong()
        ? Duration.ofSeconds(seconds.asLong())
        : DEFAULT_SIDECAR_WAIT;
  }

  // Derived from the drop's key, bytes and upload time: the same drop always gets the same id, and
  // the same bytes dropped under two names in one millisecond (a recording shared by two calls,
  // each with its own sidecar) are two conversations, not one uuid claimed twice.
  static UUID contentDerivedId(StageInput input) {
    long millis = input.object().lastModified().toEpochMilli();
    UUID seed = new UUID(millis << 16, 0);
    return VconUuid.derive(seed, input.object().key() + "\n" + input.contentHash());
  }

  private static List<String> describe(List<ValidationIssue> issues) {
    return issues.stream().map(i -> i.pointer() + ": " + i.code() + ": " + i.message()).toList();
  }
}
