package io.conserver.platform.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.Sha256;
import io.conserver.platform.consent.ConsentGate;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.media.MediaReferences;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobNotFoundException;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.ContentHash;
import io.conserver.vcon.Vcon;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one stage of one pipeline for one tenant: the same code behind every trigger (Lambda, Cloud
 * Functions, Knative, the local runtime).
 *
 * <p>For each object-created event: check the object is this stage's input; read it (bounded); run
 * the pure {@link Transformation}; write the output under the stage's prefix with a
 * create-if-absent on a key derived from the conversation id (a redelivered event writes nothing
 * twice); append the ledger record (conditional too) and the usage record. Input that can never
 * succeed is quarantined at once; other failures are retried until the stage's {@code
 * max_receive_count}, counted by the transport when it can and by attempt markers in the bucket
 * when it cannot, then quarantined. The input object is never changed.
 */
public final class StageRunner {
  private static final Logger LOG = Logger.getLogger(StageRunner.class.getName());

  /**
   * A stage's output is a vCon and carries no object metadata: its lineage (input key and hash,
   * output hash, stage, function) is the ledger record written before it. Metadata the key does not
   * imply costs the local store a second file per object.
   */
  private static final PutOptions OUTPUT = PutOptions.VCON;

  /** Largest vCon document a stage reads whole; media is streamed, never read this way. */
  public static final long DEFAULT_MAX_INPUT_BYTES = 64L * 1024 * 1024;

  private final BlobStore store;
  private final String tenant;
  private final PipelineDeclaration pipeline;
  private final StageDeclaration stage;
  private final Transformation transformation;
  private final Clock clock;
  private final long maxInputBytes;

  /** Inputs up to this size are read into memory once rather than streamed several times. */
  static final long READ_WHOLE_BYTES = 256 * 1024;

  private final Ledger ledger;
  private final Quarantine quarantine;
  private final Optional<PartyIndex> partyIndex;
  private final MediaStore media;
  private final MediaReferences mediaReferences;
  private final ConsentGate consent;

  public StageRunner(
      BlobStore store,
      String tenant,
      PipelineDeclaration pipeline,
      String stageName,
      Transformation transformation,
      Clock clock) {
    this(store, tenant, pipeline, stageName, transformation, clock, DEFAULT_MAX_INPUT_BYTES);
  }

  public StageRunner(
      BlobStore store,
      String tenant,
      PipelineDeclaration pipeline,
      String stageName,
      Transformation transformation,
      Clock clock,
      long maxInputBytes) {
    this(
        store, tenant, pipeline, stageName, transformation, clock, maxInputBytes, Optional.empty());
  }

  private StageRunner(
      BlobStore store,
      String tenant,
      PipelineDeclaration pipeline,
      String stageName,
      Transformation transformation,
      Clock clock,
      long maxInputBytes,
      Optional<PartyIndex> partyIndex) {
    this.store = store;
    this.tenant = tenant;
    this.pipeline = pipeline;
    this.stage =
        pipeline
            .stage(stageName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "pipeline " + pipeline.name() + " has no stage " + stageName));
    if (!stage.function().equals(transformation.function())) {
      throw new IllegalArgumentException(
          "stage "
              + stageName
              + " declares function "
              + stage.function()
              + ", not "
              + transformation.function());
    }
    this.transformation = transformation;
    this.clock = clock;
    this.maxInputBytes = maxInputBytes;
    this.ledger = new Ledger(store);
    this.quarantine = new Quarantine(store);
    this.partyIndex = partyIndex;
    this.media = new MediaStore(store, MediaStore.defaultBaseUrl(tenant));
    this.mediaReferences = new MediaReferences(store, media);
    this.consent = new ConsentGate(store, pipeline, stage, partyIndex);
  }

  /** The same runner, also keeping the party index current for every output it writes. */
  public StageRunner indexingParties(PartyIndex index) {
    return new StageRunner(
        store,
        tenant,
        pipeline,
        stage.name(),
        transformation,
        clock,
        maxInputBytes,
        Optional.of(index));
  }

  public StageDeclaration stage() {
    return stage;
  }

  /**
   * The prefix this stage reads: the inbox for the first stage, else the previous stage's output.
   */
  public String inputPrefix() {
    return pipeline
        .previous(stage.name())
        .map(previous -> BucketLayout.stagePrefix(pipeline.name(), previous.name()))
        .orElse(BucketLayout.inboxPrefix(pipeline.name()));
  }

  public String outputPrefix() {
    return BucketLayout.stagePrefix(pipeline.name(), stage.name());
  }

  /**
   * Handles one event.
   *
   * @param deliveryCount how many times the transport has delivered it (1 on the first try), or 0
   *     when the transport does not say; then attempts are counted in the bucket
   */
  public StageOutcome handle(ObjectCreated event, int deliveryCount) {
    if (!tenant.equals(event.tenant()) || !store.bucket().equals(event.bucket())) {
      // Another tenant's bucket (a misrouted notification, or a forged event): never read, and
      // never quarantined here, which would copy that tenant's object keys into this bucket. The
      // log line is the record; bucket names are checked by the decoder, keys are left out.
      LOG.warning(
          () ->
              "ignored an event naming bucket "
                  + event.bucket()
                  + " (tenant "
                  + event.tenant()
                  + "): this stage serves tenant "
                  + tenant
                  + ", bucket "
                  + store.bucket());
      return StageOutcome.IGNORED;
    }
    if (!event.key().startsWith(inputPrefix())) {
      return StageOutcome.IGNORED; // another stage's object; never touch it
    }
    if (event.key().endsWith("/")) {
      return StageOutcome.IGNORED; // a folder placeholder, not a drop
    }
    String reference = reference(event);
    try {
      return process(event);
    } catch (InvalidInputException e) {
      quarantine(
          event,
          reference,
          e.getClass().getSimpleName(),
          e.getMessage(),
          e.details(),
          Math.max(1, deliveryCount));
      return StageOutcome.QUARANTINED;
    } catch (StageMisconfiguredException e) {
      quarantine(
          event,
          reference,
          e.getClass().getSimpleName(),
          e.getMessage(),
          List.of("the stage's configuration must be fixed; then retry this quarantined input"),
          Math.max(1, deliveryCount));
      return StageOutcome.QUARANTINED;
    } catch (BlobNotFoundException e) {
      // Deleted after the event was sent (e.g. erased): nothing left to process or to lose.
      LOG.info(() -> "input gone, ignoring: " + event.key());
      return StageOutcome.IGNORED;
    } catch (Exception e) {
      int attempt = deliveryCount > 0 ? deliveryCount : countAttempt(reference);
      if (attempt >= stage.maxReceiveCount()) {
        quarantine(
            event,
            reference,
            e.getClass().getSimpleName(),
            String.valueOf(e.getMessage()),
            List.of(),
            attempt);
        return StageOutcome.QUARANTINED;
      }
      LOG.log(
          Level.WARNING,
          "stage "
              + stage.name()
              + " attempt "
              + attempt
              + " failed for "
              + event.key()
              + ", will retry",
          e);
      return StageOutcome.RETRY;
    }
  }

  private StageOutcome process(ObjectCreated event) throws Exception {
    long started = System.nanoTime();
    Optional<String> knownId = BucketLayout.conversationIdOf(event.key());
    if (knownId.isPresent()
        && store
            .head(BucketLayout.outputKey(pipeline.name(), stage.name(), knownId.get()))
            .isPresent()) {
      dropEarlierCopies(knownId.get());
      return StageOutcome.DUPLICATE; // cheap early exit on redelivery: no work redone
    }
    BlobMetadata object =
        store.head(event.key()).orElseThrow(() -> new BlobNotFoundException(event.key()));
    if (object.size() > maxInputBytes) {
      throw new InvalidInputException(
          "input is larger than the stage limit of " + maxInputBytes + " bytes");
    }
    // A small input (every vCon document) is read once: hashed, sniffed and parsed from the same
    // bytes. Larger ones (media) are streamed for the hash and again by whoever reads them.
    byte[] whole = object.size() <= READ_WHOLE_BYTES ? readWhole(event.key(), object.size()) : null;
    String inputHash = whole != null ? ContentHash.sha512(whole).toString() : hashOf(event.key());
    StageInput input =
        new StageInput(
            tenant,
            pipeline,
            stage,
            event,
            object,
            inputHash,
            store,
            media,
            clock,
            maxInputBytes,
            whole);
    // Every stage after the first reads a vCon: without a lawful basis for the stage's purpose,
    // or with a party's consent revoked, it passes through unchanged, recorded as skipped. The
    // first stage makes the vCon (capture); its ledger record carries the basis it found.
    StageResult result;
    Optional<String> basis;
    if (pipeline.indexOf(stage.name()).orElse(0) > 0) {
      Vcon in = input.vcon();
      ConsentGate.Check check = consent.check(in, clock.instant());
      basis = check.basis();
      result =
          check.skippedBecause().isPresent()
              ? StageResult.skipped(in, check.skippedBecause().get())
              : transformation.apply(input);
    } else {
      result = transformation.apply(input);
      basis = result.nothing() ? Optional.empty() : consent.basis(result.output(), clock.instant());
    }
    if (result.nothing()) {
      return StageOutcome.IGNORED; // e.g. a sidecar, read when its media is processed
    }
    Vcon output = result.output();
    // The conversation id is fixed at ingest; a stage may give its output a uuid of its own (a
    // redacted copy), which is still stored under the conversation's id (DESIGN.md, "Identity").
    String conversationId = knownId.orElse(output.uuid());
    if (result.stopsChain()) {
      ledger.append(
          conversationId,
          stage.name(),
          inputHash,
          ledgerRecord(event, inputHash, null, null, result, basis));
      meter(
          conversationId,
          object.size(),
          0,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          result.usage());
      return StageOutcome.STOPPED;
    }
    String outputKey = BucketLayout.outputKey(pipeline.name(), stage.name(), conversationId);
    byte[] outputBytes = output.toBytes();
    String outputHash = ContentHash.sha512(outputBytes).toString();
    boolean existed = store.head(outputKey).isPresent();
    if (existed && !sameContent(outputKey, outputHash)) {
      throw conflict(conversationId, outputKey);
    }
    // Lineage, party index and media references before the output becomes visible: writing it
    // triggers the next stage,
    // whose ledger record must come after this one. Both appends are idempotent, so a failure
    // after them is retried safely.
    partyIndex.ifPresent(index -> index.index(output, conversationId));
    mediaReferences.record(conversationId, output);
    ledger.append(
        conversationId,
        stage.name(),
        inputHash,
        ledgerRecord(event, inputHash, outputKey, outputHash, result, basis));
    boolean written =
        !existed && store.putBytesIfAbsent(outputKey, outputBytes, OUTPUT).isPresent();
    if (!written && !existed && !sameContent(outputKey, outputHash)) {
      throw conflict(conversationId, outputKey); // another writer got there in between
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    meter(conversationId, object.size(), outputBytes.length, millis, result.usage());
    dropEarlierCopies(conversationId);
    return written ? StageOutcome.WRITTEN : StageOutcome.DUPLICATE;
  }

  /**
   * Deletes the earlier stage copies of a conversation once this stage's output is stored, when the
   * transformation asks for it (a redact stage dropping the original). The ledger record comes
   * first and is keyed by the output's hash, so a redelivery finishes a deletion cut short and
   * never records it twice.
   */
  private void dropEarlierCopies(String conversationId) throws java.io.IOException {
    if (!transformation.dropsEarlierCopies(stage)) {
      return;
    }
    String outputKey = BucketLayout.outputKey(pipeline.name(), stage.name(), conversationId);
    List<String> earlier = new java.util.ArrayList<>();
    for (StageDeclaration s : pipeline.stages()) {
      if (s.name().equals(stage.name())) {
        break;
      }
      String key = BucketLayout.outputKey(pipeline.name(), s.name(), conversationId);
      if (store.head(key).isPresent()) {
        earlier.add(key);
      }
    }
    if (earlier.isEmpty()) {
      return;
    }
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("pipeline", pipeline.name());
    record.put("stage", stage.name() + "/drop-original");
    record.put("function", transformation.function());
    record.put("function_version", transformation.version());
    record.put("outcome", "dropped");
    ObjectNode kept = record.putObject("input");
    kept.put("key", outputKey);
    kept.put("hash", hashOf(outputKey));
    earlier.forEach(record.putArray("deleted")::add);
    record.put("at", clock.instant().toString());
    ledger.append(
        conversationId, stage.name() + "/drop-original", kept.get("hash").asText(), record);
    earlier.forEach(store::delete);
  }

  // The same conversation id with different content: keep both, let a person decide.
  private static InvalidInputException conflict(String conversationId, String outputKey) {
    return new InvalidInputException(
        "a different vCon with uuid " + conversationId + " is already stored at " + outputKey);
  }

  /**
   * The object's bytes when it still has the size its metadata gave; null when it changed since
   * (replaced between the two reads): the caller then streams it as it would a large one.
   */
  private byte[] readWhole(String key, long size) throws java.io.IOException {
    try (InputStream in = store.get(key)) {
      byte[] bytes = in.readNBytes((int) size);
      return bytes.length == size && in.read() < 0 ? bytes : null;
    }
  }

  private String hashOf(String key) throws java.io.IOException {
    try (InputStream in = store.get(key)) {
      return ContentHash.sha512(in).toString();
    }
  }

  private boolean sameContent(String key, String hash) {
    return ContentHash.sha512(store.getBytes(key, maxInputBytes)).toString().equals(hash);
  }

  private ObjectNode ledgerRecord(
      ObjectCreated event,
      String inputHash,
      String outputKey,
      String outputHash,
      StageResult result,
      Optional<String> basis) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("pipeline", pipeline.name());
    record.put("stage", stage.name());
    record.put("function", transformation.function());
    record.put("function_version", transformation.version());
    record.put("purpose", stage.purpose().orElse(null));
    record.put("lawful_basis", basis.orElse(null));
    record.put("sends_outside", stage.sendsOutside());
    ObjectNode in = record.putObject("input");
    in.put("key", event.key());
    in.put("hash", inputHash);
    if (result.stopsChain()) {
      record.put("outcome", "stopped");
      result.skippedBecause().ifPresent(reason -> record.put("stopped_because", reason));
    } else {
      ObjectNode out = record.putObject("output");
      out.put("key", outputKey);
      out.put("hash", outputHash);
      if (!result.output().uuid().equals(BucketLayout.conversationIdOf(outputKey).orElse(""))) {
        out.put("vcon_uuid", result.output().uuid()); // a redacted copy: the ledger links the two
      }
      record.put("outcome", result.skippedBecause().isPresent() ? "skipped" : "written");
      result.skippedBecause().ifPresent(reason -> record.put("skipped_because", reason));
    }
    result.warnings().forEach(record.putArray("warnings")::add);
    record.put("at", clock.instant().toString());
    return record;
  }

  private void meter(String conversationId, long bytesIn, long bytesOut, long millis, Usage usage) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("tenant", tenant);
    record.put("pipeline", pipeline.name());
    record.put("stage", stage.name());
    record.put("conversation", conversationId);
    // A billable "call" is one conversation through one pipeline: counted once, at the first stage.
    record.put("calls", pipeline.indexOf(stage.name()).orElse(-1) == 0 ? 1 : 0);
    record.put("bytes_in", bytesIn);
    record.put("bytes_out", bytesOut);
    record.put("audio_seconds", usage.audioSeconds());
    // Wall time of the run (read, transform, write): what a function is billed for.
    record.put("duration_ms", millis);
    record.put("at", clock.instant().toString());
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    store.putBytesIfAbsent(
        BucketLayout.meterKey(day, pipeline.name(), stage.name(), conversationId),
        io.conserver.vcon.VconJson.codec().write(record),
        PutOptions.JSON);
  }

  private int countAttempt(String reference) {
    for (int attempt = 1; attempt <= stage.maxReceiveCount(); attempt++) {
      String key = BucketLayout.attemptKey(pipeline.name(), stage.name(), reference, attempt);
      if (store.putBytesIfAbsent(key, new byte[0], PutOptions.BINARY).isPresent()) {
        return attempt;
      }
    }
    return stage.maxReceiveCount();
  }

  private void quarantine(
      ObjectCreated event,
      String reference,
      String errorClass,
      String message,
      List<String> details,
      int attempt) {
    String key =
        quarantine.put(
            pipeline.name(),
            stage.name(),
            reference,
            event,
            errorClass,
            message,
            details,
            attempt,
            clock.instant());
    LOG.warning(() -> "quarantined " + event.key() + " at " + key + ": " + message);
  }

  /** A stable, key-safe name for the input: its conversation id if it has one, else a hash. */
  static String reference(ObjectCreated event) {
    return BucketLayout.conversationIdOf(event.key())
        .orElseGet(
            () ->
                "drop-"
                    + HexFormat.of()
                        .formatHex(Sha256.of(event.key() + "\n" + event.version()), 0, 12));
  }
}
