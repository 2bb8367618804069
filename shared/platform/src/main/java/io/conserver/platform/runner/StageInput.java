package io.conserver.platform.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.events.ObjectCreated;
import io.conserver.platform.media.MediaStore;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.BlobTooLargeException;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconException;
import io.conserver.vcon.VconJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * Everything a transformation may use: the triggering object (read only when asked: media is
 * streamed, a document is read whole up to the stage's limit), the declarations, a clock, read
 * access to the tenant's bucket, and its content-addressed media.
 */
public final class StageInput {
  private final String tenant;
  private final PipelineDeclaration pipeline;
  private final StageDeclaration stage;
  private final ObjectCreated trigger;
  private final BlobMetadata object;
  private final String contentHash;
  private final BlobStore store;
  private final MediaStore media;
  private final Clock clock;
  private final long maxDocumentBytes;
  private byte[] content;

  StageInput(
      String tenant,
      PipelineDeclaration pipeline,
      StageDeclaration stage,
      ObjectCreated trigger,
      BlobMetadata object,
      String contentHash,
      BlobStore store,
      MediaStore media,
      Clock clock,
      long maxDocumentBytes,
      byte[] preRead) {
    this.tenant = tenant;
    this.pipeline = pipeline;
    this.stage = stage;
    this.trigger = trigger;
    this.object = object;
    this.contentHash = contentHash;
    this.store = store;
    this.media = media;
    this.clock = clock;
    this.maxDocumentBytes = maxDocumentBytes;
    this.content = preRead;
  }

  public String tenant() {
    return tenant;
  }

  public PipelineDeclaration pipeline() {
    return pipeline;
  }

  public StageDeclaration stage() {
    return stage;
  }

  public ObjectCreated trigger() {
    return trigger;
  }

  public BlobMetadata object() {
    return object;
  }

  /**
   * The conversation id when the input is a stage output ({@code
   * vcons/<p>/<stage>/<id>.vcon.json}); empty for inbox drops. It can differ from the vCon's uuid:
   * a redacted copy has its own.
   */
  public Optional<String> conversationId() {
    return io.conserver.platform.BucketLayout.conversationIdOf(object.key());
  }

  /** SHA-512 content_hash of the input object (computed by streaming). */
  public String contentHash() {
    return contentHash;
  }

  public Clock clock() {
    return clock;
  }

  public ObjectNode options() {
    return stage.options();
  }

  /** The first bytes of the input (at most {@code n}), to recognise its format. */
  public byte[] head(int n) {
    if (content != null) {
      return Arrays.copyOf(content, Math.min(n, content.length));
    }
    try (InputStream in = store.get(object.key())) {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The whole input, for documents (a copy).
   *
   * @throws InvalidInputException when it is larger than the stage's document limit
   */
  public byte[] content() throws InvalidInputException {
    if (content != null && content.length > maxDocumentBytes) {
      throw tooLarge();
    }
    if (content == null) {
      try {
        content = store.getBytes(object.key(), maxDocumentBytes);
      } catch (BlobTooLargeException e) {
        throw tooLarge();
      }
    }
    return content.clone();
  }

  private InvalidInputException tooLarge() {
    return new InvalidInputException(
        "input is larger than the stage limit of " + maxDocumentBytes + " bytes");
  }

  /**
   * The input as an unsigned vCon, for every stage after ingest.
   *
   * @throws InvalidInputException when it is not one
   */
  public Vcon vcon() throws InvalidInputException {
    try {
      return Vcon.of(VconJson.codec().read(content()));
    } catch (VconException e) {
      throw new InvalidInputException("input is not a vCon: " + e.getMessage());
    }
  }

  /** Streams any object of the tenant's bucket; the caller closes it. */
  public InputStream open(String key) {
    return store.get(key);
  }

  /** Where the tenant's cloud services can read an object of its bucket, if they can. */
  public Optional<java.net.URI> locationOf(String key) {
    return store.locationOf(key);
  }

  /** Metadata of another object of the tenant's bucket (a sidecar, say). */
  public Optional<BlobMetadata> head(String key) {
    return store.head(key);
  }

  /** Objects of the tenant's bucket under a prefix (a drop's siblings, say). */
  public java.util.List<BlobMetadata> list(String prefix) {
    return store.list(prefix);
  }

  /** The tenant's content-addressed media. */
  public MediaStore media() {
    return media;
  }

  /**
   * Write access limited to the pipeline's export area and the sink journal: the one thing an
   * export stage writes besides its output (the runner writes everything else).
   */
  public ExportArea exports() {
    return new ExportArea(store, pipeline.name());
  }

  /**
   * Create-if-absent writes into other pipelines' inboxes: what a route stage hands on (never its
   * own pipeline's inbox, which would loop).
   */
  public PipelineHandoff handoff() {
    return new PipelineHandoff(store, pipeline.name());
  }

  /**
   * Read and create-if-absent access to this stage's job records ({@code
   * jobs/<pipeline>/<stage>/…}): what a stage that starts asynchronous work keeps between the run
   * that started it and the run its completion triggers.
   */
  public JobArea jobs() {
    return new JobArea(store, pipeline.name(), stage.name());
  }
}
